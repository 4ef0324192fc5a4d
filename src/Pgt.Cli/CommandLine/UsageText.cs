namespace Pgt.Cli.CommandLine;

/// <summary>The text of <c>pgt --help</c>.</summary>
public static class UsageText
{
    public const string Full = """
        pgt: checks page-table lifetime scenarios statically (the PGT analyzers) and dynamically (the
        emulated kernel, exploring thread interleavings).

        Usage:
          pgt check [OPTIONS] [PATH ...]   compile, analyze and explore every [Scenario] in PATH
                                           (a .cs file or a folder, searched recursively; default: samples)
          pgt replay [OPTIONS] TRACE       re-run one recorded schedule and print its report again
          pgt merge FILE ...               combine the JSON results of every shard of one check into the
                                           result one process would have given
          pgt --help

        check options:
          --strategy random|pct|dfs|dpor   how schedules are picked (default pct)
          --seed N                         seed of the strategy (default 0; same seed, same result)
          --iterations N                   executions per scenario at most (default 2000)
          --max-steps N                    scheduling points per execution; more is a step-bound finding (default 10000)
          --preemption-bound N             dfs, dpor: at most N preemptions per schedule (default none)
          --pct-depth N                    pct: the bug depth d (default 3)
          --workers N                      parallel portfolio workers, each with its own seed (default 1)
          --shard I/N                      run part I of N of each exploration (1 <= I <= N): random/pct
                                           shard I is worker I of an N-worker portfolio; dfs/dpor shard I
                                           explores its subtrees; merge the --format json results with
                                           pgt merge
          --timeout DURATION               budget of the whole run, e.g. 30s, 2m (default none)
          --watchdog DURATION              a strand without a scheduling point this long is a hang (default 5s)
          --format text|json|sarif         output on stdout (default text)
          --trace-dir DIR                  write one trace per finding: DIR/<scenario>-<kind>.trace.json
          --html DIR                       write one HTML page per finding: DIR/<scenario>-<kind>.html
          --width N                        the table's width in columns; cells wrap to fit (default: the
                                           terminal's width; no limit when stdout is redirected; 0: no limit)
          --no-shrink                      report each finding's schedule as found, not shrunk to the
                                           fewest preemptions, then steps
          --no-static                      skip the analyzers
          --no-dynamic                     skip the exploration

        replay options:
          --format text|json               output on stdout (default text)
          --watchdog DURATION              as for check (default: the one the trace was recorded with)
          --html FILE                      also write the finding's HTML page to FILE

        Exit codes:
          0  every scenario's outcome matches what it declares (replay: the recorded finding came back)
          1  a finding was not expected, an expected one was not found, or a scenario was not run
          2  bad usage or bad input (one line on stderr)

        """;
}
