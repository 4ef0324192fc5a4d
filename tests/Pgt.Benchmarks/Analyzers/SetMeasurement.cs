namespace Pgt.Benchmarks.Analyzers;

/// <summary>What a child process measured for one analyzer set over one corpus.</summary>
/// <param name="Set">The set's key.</param>
/// <param name="Lines">Corpus lines.</param>
/// <param name="Files">Corpus files (the stand-ins included).</param>
/// <param name="WallMs">Per repeat: the plain compile (parse + emit) for (i); the analysis pass's wall time otherwise.</param>
/// <param name="AnalyzerMs">Per repeat: the analyzers' own time (telemetry); empty for (i).</param>
/// <param name="Diagnostics">Diagnostics the set reported (compiler errors for (i)).</param>
/// <param name="ById">Diagnostics per ID.</param>
/// <param name="Crashes">Analyzer exceptions.</param>
/// <param name="PeakBytes">Peak resident set of the child while it measured (after warm-up).</param>
/// <param name="ByAnalyzer">Milliseconds per analyzer type in the last repeat.</param>
internal sealed record SetMeasurement(
    string Set,
    int Lines,
    int Files,
    double[] WallMs,
    double[] AnalyzerMs,
    int Diagnostics,
    Dictionary<string, int> ById,
    int Crashes,
    long PeakBytes,
    Dictionary<string, double> ByAnalyzer,
    double[] AllocatedMiB);
