using System.Globalization;
using System.Text.RegularExpressions;
using Pgt.Emulator.Exploration;

namespace Pgt.Cli.CommandLine;

/// <summary>
/// Hand-written parsing of <c>pgt COMMAND [OPTIONS] [ARGS]</c>. Options take <c>--name value</c> or
/// <c>--name=value</c>; <c>--</c> ends the options. Anything wrong is a <see cref="BadInputException"/>
/// with one line that names the culprit.
/// </summary>
public static partial class CommandLineParser
{
    /// <returns>A <see cref="CheckOptions"/>, <see cref="ReplayOptions"/> or <see cref="HelpRequest"/>.</returns>
    public static object Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0)
        {
            throw new BadInputException("no command given (pgt check [PATH ...] or pgt replay TRACE; see pgt --help)");
        }

        var rest = args.Skip(1).ToList();
        return args[0] switch
        {
            "--help" or "-h" or "help" => new HelpRequest(),
            "check" => ParseCheck(rest),
            "replay" => ParseReplay(rest),
            "merge" => ParseMerge(rest),
            var other when other.StartsWith('-') =>
                throw new BadInputException($"unknown option '{other}' before the command (see pgt --help)"),
            var other => throw new BadInputException($"unknown command '{other}' (expected check, replay or merge; see pgt --help)"),
        };
    }

    private static object ParseCheck(List<string> args)
    {
        var options = new CheckOptions();
        var paths = new List<string>();
        var reader = new ArgumentReader(args);
        while (reader.Next() is { } argument)
        {
            if (!argument.IsOption)
            {
                paths.Add(argument.Text);
                continue;
            }

            switch (argument.Name)
            {
                case "--help" or "-h":
                    return new HelpRequest();
                case "--strategy":
                    options = options with { Strategy = ParseStrategy(reader.Value(argument)) };
                    break;
                case "--seed":
                    options = options with { Seed = ParseSeed(reader.Value(argument)) };
                    break;
                case "--iterations":
                    options = options with { Iterations = ParseInt(argument, reader.Value(argument), min: 1) };
                    break;
                case "--max-steps":
                    options = options with { MaxSteps = ParseInt(argument, reader.Value(argument), min: 1) };
                    break;
                case "--preemption-bound":
                    options = options with { PreemptionBound = ParseInt(argument, reader.Value(argument), min: 0) };
                    break;
                case "--pct-depth":
                    options = options with { PctDepth = ParseInt(argument, reader.Value(argument), min: 1, max: 64) };
                    break;
                case "--workers":
                    options = options with { Workers = ParseInt(argument, reader.Value(argument), min: 1, max: 64) };
                    break;
                case "--timeout":
                    options = options with { Timeout = ParseDuration(argument, reader.Value(argument)) };
                    break;
                case "--watchdog":
                    options = options with { Watchdog = ParseDuration(argument, reader.Value(argument)) };
                    break;
                case "--format":
                    options = options with { Format = ParseFormat(reader.Value(argument)) };
                    break;
                case "--trace-dir":
                    options = options with { TraceDirectory = NonEmpty(argument, reader.Value(argument)) };
                    break;
                case "--html":
                    options = options with { HtmlDirectory = NonEmpty(argument, reader.Value(argument)) };
                    break;
                case "--width":
                    options = options with { Width = ParseInt(argument, reader.Value(argument), min: 0) };
                    break;
                case "--shard":
                    options = options with { Shard = ParseShard(argument, reader.Value(argument)) };
                    break;
                case "--no-shrink":
                    options = options with { Shrink = false };
                    break;
                case "--no-static":
                    options = options with { RunStatic = false };
                    break;
                case "--no-dynamic":
                    options = options with { RunDynamic = false };
                    break;
                default:
                    throw UnknownOption(argument.Name, "check");
            }

            reader.EnsureNoInlineValueLeft(argument);
        }

        if (!options.RunStatic && !options.RunDynamic)
        {
            throw new BadInputException("--no-static and --no-dynamic together leave nothing to check");
        }

        if (options.PreemptionBound is { } bound && options.Strategy is not (StrategyKind.Dfs or StrategyKind.Dpor))
        {
            // Random and PCT pick each step afresh: a bound they would ignore must not look like a bounded run.
            throw new BadInputException($"--preemption-bound {bound} applies to --strategy dfs or dpor, not {options.Strategy.ToString().ToLowerInvariant()}");
        }

        if (options.Shard is not null && options.Workers != 1)
        {
            throw new BadInputException("--shard runs one worker per shard; use more shards instead of --workers");
        }

        return paths.Count == 0 ? options : options with { Paths = paths };
    }

    private static object ParseMerge(List<string> args)
    {
        var files = new List<string>();
        var reader = new ArgumentReader(args);
        while (reader.Next() is { } argument)
        {
            if (!argument.IsOption)
            {
                files.Add(argument.Text);
                continue;
            }

            switch (argument.Name)
            {
                case "--help" or "-h":
                    return new HelpRequest();
                default:
                    throw UnknownOption(argument.Name, "merge");
            }
        }

        if (files.Count == 0)
        {
            throw new BadInputException("merge needs the shards' JSON results (pgt merge FILE ...)");
        }

        return new MergeOptions(files);
    }

    private static ExplorationShard ParseShard(Argument argument, string text) =>
        ExplorationShard.TryParse(text)
        ?? throw new BadInputException($"{argument.Name} needs i/n with 1 <= i <= n <= {ExplorationShard.MaxCount}, got '{text}'");

    private static object ParseReplay(List<string> args)
    {
        string? trace = null;
        var format = OutputFormat.Text;
        TimeSpan? watchdog = null;
        string? html = null;
        var reader = new ArgumentReader(args);
        while (reader.Next() is { } argument)
        {
            if (!argument.IsOption)
            {
                trace = trace is null
                    ? argument.Text
                    : throw new BadInputException($"replay takes one trace, got '{trace}' and '{argument.Text}'");
                continue;
            }

            switch (argument.Name)
            {
                case "--help" or "-h":
                    return new HelpRequest();
                case "--format":
                    format = ParseFormat(reader.Value(argument));
                    if (format == OutputFormat.Sarif)
                    {
                        throw new BadInputException("replay prints one report: --format text or json (sarif is for pgt check)");
                    }

                    break;
                case "--watchdog":
                    watchdog = ParseDuration(argument, reader.Value(argument));
                    break;
                case "--html":
                    html = NonEmpty(argument, reader.Value(argument));
                    break;
                default:
                    throw UnknownOption(argument.Name, "replay");
            }

            reader.EnsureNoInlineValueLeft(argument);
        }

        if (trace is null)
        {
            throw new BadInputException("replay needs a trace file (pgt replay TRACE)");
        }

        return new ReplayOptions(trace, format, watchdog ?? TimeSpan.Zero, html);
    }

    private static BadInputException UnknownOption(string name, string command) =>
        new($"unknown option '{name}' for {command} (see pgt --help)");

    private static StrategyKind ParseStrategy(string text) => text switch
    {
        "random" => StrategyKind.Random,
        "pct" => StrategyKind.Pct,
        "dfs" => StrategyKind.Dfs,
        "dpor" => StrategyKind.Dpor,
        _ => throw new BadInputException($"unknown strategy '{text}' (expected random, pct, dfs or dpor)"),
    };

    private static OutputFormat ParseFormat(string text) => text switch
    {
        "text" => OutputFormat.Text,
        "json" => OutputFormat.Json,
        "sarif" => OutputFormat.Sarif,
        _ => throw new BadInputException($"unknown format '{text}' (expected text, json or sarif)"),
    };

    private static ulong ParseSeed(string text)
    {
        var hex = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        var ok = hex
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        return ok ? value : throw new BadInputException($"--seed needs a whole number from 0 to {ulong.MaxValue}, got '{text}'");
    }

    private static int ParseInt(Argument argument, string text, int min, int max = int.MaxValue)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            var range = max == int.MaxValue ? $"{min} or more" : $"from {min} to {max}";
            throw new BadInputException($"{argument.Name} needs a whole number {range}, got '{text}'");
        }

        return value;
    }

    /// <summary><c>30</c> (seconds), <c>500ms</c>, <c>30s</c>, <c>2m</c>, <c>1h</c>, <c>1.5s</c>.</summary>
    private static TimeSpan ParseDuration(Argument argument, string text)
    {
        var match = Duration().Match(text);
        if (!match.Success || !double.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            throw new BadInputException($"{argument.Name} needs a duration such as 30s, 500ms or 2m, got '{text}'");
        }

        var span = match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            "h" => TimeSpan.FromHours(amount),
            _ => TimeSpan.FromSeconds(amount),
        };
        return span > TimeSpan.Zero && span <= TimeSpan.FromDays(1)
            ? span
            : throw new BadInputException($"{argument.Name} must be more than 0 and at most a day, got '{text}'");
    }

    private static string NonEmpty(Argument argument, string text) =>
        text.Length > 0 ? text : throw new BadInputException($"{argument.Name} needs a non-empty value");

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|s|m|h)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();

    private sealed record Argument(string Text, string Name, string? InlineValue, bool IsOption);

    /// <summary>Walks the arguments; knows <c>--</c> and <c>--name=value</c>.</summary>
    private sealed class ArgumentReader(List<string> args)
    {
        private int _index;
        private bool _optionsEnded;
        private bool _inlineValueUsed;

        public Argument? Next()
        {
            if (_index >= args.Count)
            {
                return null;
            }

            var text = args[_index++];
            _inlineValueUsed = false;
            if (!_optionsEnded && text == "--")
            {
                _optionsEnded = true;
                return Next();
            }

            if (_optionsEnded || !text.StartsWith('-') || text == "-")
            {
                return new Argument(text, text, null, IsOption: false);
            }

            var equals = text.IndexOf('=', StringComparison.Ordinal);
            return equals < 0
                ? new Argument(text, text, null, IsOption: true)
                : new Argument(text, text[..equals], text[(equals + 1)..], IsOption: true);
        }

        public string Value(Argument option)
        {
            if (option.InlineValue is { } inline)
            {
                _inlineValueUsed = true;
                return inline;
            }

            if (_index >= args.Count)
            {
                throw new BadInputException($"{option.Name} needs a value");
            }

            return args[_index++];
        }

        public void EnsureNoInlineValueLeft(Argument option)
        {
            if (option.InlineValue is not null && !_inlineValueUsed)
            {
                throw new BadInputException($"{option.Name} takes no value");
            }
        }
    }
}
