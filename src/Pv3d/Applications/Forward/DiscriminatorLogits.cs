using Pv3d.Checkpoints;
using Pv3d.Networks.Discriminators;
using Pv3d.Torch;

namespace Pv3d.Applications.Forward;

/// <summary>
/// The discriminator outputs of <c>pv3d forward</c>: <c>logits_img</c> = D_img(image, image_raw, c) [N, 1] and
/// <c>logits_vid</c> = D_vid(image, t as [N/2, 2], c) [N/2, 1]. What cannot be computed (no such
/// discriminator in the checkpoint, image_raw missing, odd N) is explained in <c>notes</c>.
/// </summary>
internal static class DiscriminatorLogits
{
    public static IEnumerable<(string Name, Tensor Logits)> Run(LoadedDiscriminators ds, ForwardInputs inputs, string inputsPath, List<string> notes)
    {
        var results = new List<(string, Tensor)>();
        if (inputs.Image is not { } image)
        {
            notes.Add($"{inputsPath}: image_raw given without image: logits_img and logits_vid are not written");
            return results;
        }
        if (ds.Image is null && ds.Video is null)
        {
            notes.Add($"{ds.Source}: the checkpoint holds no discriminator weights (img_discriminator.*, vid_discriminator.*): logits_img and logits_vid are not written");
            return results;
        }

        if (ds.Image is not { } dImg)
            notes.Add($"{ds.Source}: no img_discriminator weights: logits_img is not written");
        else if (inputs.ImageRaw is not { } raw)
            notes.Add($"{inputsPath}: image given without image_raw: logits_img is not written");
        else
        {
            CheckImage(image, dImg.Options, inputsPath, "image");
            if (raw.Size(1) != image.Size(1))
                throw new Pv3dException($"{inputsPath}: image_raw has {raw.Size(1)} channels but image has {image.Size(1)}");
            results.Add(("logits_img", dImg.Forward(image, raw, inputs.C)));
        }

        if (ds.Video is not { } dVid)
            notes.Add($"{ds.Source}: no vid_discriminator weights: logits_vid is not written");
        else if (inputs.Count % VideoDiscriminator.FramesPerVideo != 0)
            notes.Add($"{inputsPath}: {inputs.Count} rows do not pair into two-frame videos: logits_vid is not written");
        else
        {
            CheckImage(image, dVid.Options, inputsPath, "image");
            using var ts = inputs.T.Reshape(inputs.Count / VideoDiscriminator.FramesPerVideo, VideoDiscriminator.FramesPerVideo);
            var (logits, input) = dVid.Forward(image, ts, inputs.C);
            input.Dispose();
            results.Add(("logits_vid", logits));
        }
        return results;
    }

    private static void CheckImage(Tensor image, DiscriminatorOptions options, string path, string name)
    {
        if (image.Size(1) != options.ImgChannels || image.Size(2) != options.ImgResolution || image.Size(3) != options.ImgResolution)
            throw new Pv3dException(
                $"{path}: the array '{name}' has shape [{string.Join(", ", image.Shape)}]; the discriminators expect [N, {options.ImgChannels}, {options.ImgResolution}, {options.ImgResolution}]");
    }
}
