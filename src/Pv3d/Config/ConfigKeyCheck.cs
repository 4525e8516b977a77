namespace Pv3d.Config;

/// <summary>
/// Finds misspelled keys in the config sections Pv3d reads (<c>training</c>, <c>model_config.pv3d.generator</c> and
/// its <c>rendering_kwargs</c>, <c>sr_kwargs</c>, <c>mapping_kwargs</c>): a key that is neither one we read nor one of
/// the official configs (configs/defaults.yaml, configs/projects/pv3d.yaml, configs/models/pv3d.yaml of
/// bytedance/pv3d, which we accept and ignore) is reported with the closest known key. Other sections are the official
/// trainer's business and are not judged. Unknown keys are warnings, not errors: the file still loads.
/// </summary>
public static class ConfigKeyCheck
{
    private static readonly string[] TrainingKeys =
    {
        "batch_size", "batch_size_per_device", "benchmark", "checkpoint_interval", "clip_gradients", "clip_norm_mode", "colored_logs",
        "detect_anomaly", "device", "disc_reg_interval", "discriminator_fade_steps", "drop_last", "early_stop", "ema_img", "ema_rampup",
        "evaluate_metrics", "evaluation_interval", "experiment_name", "find_unused_parameters", "fp16", "gen_reg_interval", "generator_steps",
        "img_viz_grid", "local_rank", "log_detailed_config", "log_format", "log_interval", "logger_level", "lr_ratio", "lr_scheduler",
        "lr_steps", "max_epochs", "max_grad_l2_norm", "max_updates", "nan_to_num", "num_frames", "num_workers", "pin_memory",
        "rendering_resolution", "seed", "should_not_log", "shuffle", "stdout_capture", "tensorboard", "trainer", "update_frequency",
        "use_ema", "use_warmup", "verbose_dump", "visualization_online", "visualize_interval", "warmup_factor", "warmup_iterations",
    };

    private static readonly string[] GeneratorKeys =
    {
        "c_dim", "channel_base", "channel_max", "conv_clamp", "fused_modconv_default", "img_channels", "img_resolution", "mapping_kwargs",
        "num_fp16_res", "rendering_kwargs", "sr_kwargs", "sr_num_fp16_res", "w_dim", "z_dim", "plane_resolution",
    };

    private static readonly string[] RenderingKeys =
    {
        "avg_camera_pivot", "avg_camera_radius", "box_warp", "c_gen_conditioning_zero", "c_scale", "clamp_mode", "decoder_lr_mul",
        "density_reg", "density_reg_p_dist", "depth_resolution", "depth_resolution_importance", "disparity_space_sampling", "gpc_reg_prob",
        "image_resolution", "ray_end", "ray_start", "reg_type", "sr_antialias", "superresolution_module", "superresolution_noise_mode",
        "white_back", "density_noise",
    };

    private static readonly string[] SrKeys = { "channel_base", "channel_max", "fused_modconv_default" };
    private static readonly string[] MappingKeys = { "num_layers", "lr_multiplier", "w_avg_beta" };

    /// <summary>One warning per unknown key: "unknown key training.batchsize; did you mean batch_size?".</summary>
    public static IReadOnlyList<string> UnknownKeys(ConfigTree tree)
    {
        var warnings = new List<string>();
        var model = tree.Find("model") as string ?? "pv3d";
        Check(tree, "training", TrainingKeys, warnings);
        var generator = $"model_config.{model}.generator";
        Check(tree, generator, GeneratorKeys, warnings);
        Check(tree, $"{generator}.rendering_kwargs", RenderingKeys, warnings);
        Check(tree, $"{generator}.sr_kwargs", SrKeys, warnings);
        Check(tree, $"{generator}.mapping_kwargs", MappingKeys, warnings);
        return warnings;
    }

    /// <summary>The warnings for a config file (YAML, or JSON by extension).</summary>
    public static IReadOnlyList<string> UnknownKeys(string path)
    {
        Torch.IO.FileKind.RequireRegularFile(path, "config file");
        var tree = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? new ConfigTree(ConfigJson.Read(File.ReadAllText(path), path), path)
            : YamlConfigReader.ReadFile(path);
        return UnknownKeys(tree);
    }

    private static void Check(ConfigTree tree, string section, string[] known, List<string> warnings)
    {
        if (tree.Find(section) is not Dictionary<string, object?> node) return;
        foreach (var key in node.Keys)
        {
            if (known.Contains(key)) continue;
            var closest = known.MinBy(k => Distance(k, key))!;
            var hint = Distance(closest, key) <= Math.Max(2, key.Length / 3) ? $"; did you mean {closest}?" : "";
            warnings.Add($"{tree.Source}: unknown key {section}.{key} (ignored){hint}");
        }
    }

    /// <summary>Edit distance (insertions, deletions, substitutions) between two keys.</summary>
    public static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
