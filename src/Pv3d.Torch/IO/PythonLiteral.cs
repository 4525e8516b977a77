using System.Globalization;
using System.Text;

namespace Pv3d.Torch.IO;

/// <summary>
/// Parses the small subset of Python literal syntax that file headers use (the NPY header dict and
/// protocol-0 pickle strings): dicts, tuples, lists, quoted strings, integers, True/False/None.
/// Nothing is evaluated; anything else is a format error.
/// </summary>
internal sealed class PythonLiteral
{
    private readonly string _text;
    private int _pos;

    private PythonLiteral(string text) => _text = text;

    /// <summary>Parses one literal; throws <see cref="FormatException"/> on anything unexpected.</summary>
    public static object? Parse(string text)
    {
        var p = new PythonLiteral(text);
        var value = p.Value(depth: 0);
        p.SkipSpace();
        if (p._pos != text.Length) throw new FormatException($"unexpected '{text[p._pos]}' after the value");
        return value;
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private char Peek()
    {
        SkipSpace();
        return _pos < _text.Length ? _text[_pos] : throw new FormatException("unexpected end of text");
    }

    private object? Value(int depth)
    {
        if (depth > 32) throw new FormatException("literal nested too deeply");
        var c = Peek();
        switch (c)
        {
            case '{':
            {
                _pos++;
                var d = new Dictionary<object, object?>();
                while (Peek() != '}')
                {
                    var key = Value(depth + 1) ?? throw new FormatException("None as a dict key");
                    Expect(':');
                    d[key] = Value(depth + 1);
                    if (Peek() == ',') _pos++;
                    else if (Peek() != '}') throw new FormatException("expected ',' or '}'");
                }
                _pos++;
                return d;
            }
            case '(' or '[':
            {
                var close = c == '(' ? ')' : ']';
                _pos++;
                var items = new List<object?>();
                while (Peek() != close)
                {
                    items.Add(Value(depth + 1));
                    if (Peek() == ',') _pos++;
                    else if (Peek() != close) throw new FormatException($"expected ',' or '{close}'");
                }
                _pos++;
                return c == '(' ? items.ToArray() : items;
            }
            case '\'' or '"':
                return QuotedString();
            default:
            {
                var start = _pos;
                while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '-' or '+' or '_')) _pos++;
                var word = _text[start.._pos];
                switch (word)
                {
                    case "True": return true;
                    case "False": return false;
                    case "None": return null;
                }
                var digits = word.EndsWith('L') ? word[..^1] : word;
                if (long.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)) return v;
                throw new FormatException(word.Length == 0 ? $"unexpected '{c}'" : $"unexpected '{word}'");
            }
        }
    }

    private void Expect(char c)
    {
        if (Peek() != c) throw new FormatException($"expected '{c}'");
        _pos++;
    }

    private string QuotedString()
    {
        var quote = _text[_pos++];
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length) throw new FormatException("unterminated string");
            var ch = _text[_pos++];
            if (ch == quote) return sb.ToString();
            if (ch != '\\') { sb.Append(ch); continue; }
            if (_pos >= _text.Length) throw new FormatException("unterminated escape");
            var e = _text[_pos++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case '0': sb.Append('\0'); break;
                case 'x': sb.Append((char)Hex(2)); break;
                case 'u': sb.Append((char)Hex(4)); break;
                case 'U': sb.Append(char.ConvertFromUtf32(Hex(8))); break;
                default: sb.Append(e); break; // \\ \' \" and unknown escapes keep the character
            }
        }
    }

    private int Hex(int n)
    {
        if (_pos + n > _text.Length) throw new FormatException("short escape");
        var v = int.Parse(_text.AsSpan(_pos, n), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        _pos += n;
        return v;
    }

    /// <summary>Protocol-0 STRING argument: a quoted repr such as <c>'abc\n'</c>.</summary>
    public static string UnquoteBytesRepr(string line)
    {
        var text = line.TrimEnd();
        if (text.Length < 2 || text[0] != text[^1] || text[0] is not ('\'' or '"'))
            throw new FormatException("STRING argument is not quoted");
        return new PythonLiteral(text).QuotedString();
    }

    /// <summary>Protocol-0 UNICODE argument: raw-unicode-escape (only \uXXXX and \UXXXXXXXX are escapes).</summary>
    public static string RawUnicodeEscape(string line)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 5 < line.Length && line[i + 1] == 'u')
            {
                sb.Append((char)int.Parse(line.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 5;
            }
            else if (line[i] == '\\' && i + 9 < line.Length && line[i + 1] == 'U')
            {
                sb.Append(char.ConvertFromUtf32(int.Parse(line.AsSpan(i + 2, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
                i += 9;
            }
            else sb.Append(line[i]);
        }
        return sb.ToString();
    }
}
