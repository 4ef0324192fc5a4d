using System.Globalization;

namespace Pgt.Benchmarks.Report;

/// <summary>Number formats of the tables: invariant culture, units spelled out.</summary>
internal static class Format
{
    public static string Ms(double milliseconds) =>
        milliseconds >= 10_000 ? $"{milliseconds / 1000:F1} s"
        : milliseconds >= 100 ? $"{milliseconds:F0} ms"
        : milliseconds >= 1 ? $"{milliseconds:F1} ms"
        : $"{milliseconds * 1000:F0} µs";

    public static string Rate(double perSecond) =>
        perSecond >= 1_000_000 ? $"{perSecond / 1_000_000:F2} M/s"
        : perSecond >= 10_000 ? $"{perSecond / 1000:F0} k/s"
        : $"{perSecond:F0}/s";

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Ratio(double ratio) =>
        ratio >= 100 ? $"{ratio:F0}x" : ratio >= 10 ? $"{ratio:F1}x" : $"{ratio:F2}x";

    public static string Percent(double fraction) => $"{fraction * 100:F1}%";

    public static string MiB(long bytes) => $"{bytes / (1024.0 * 1024.0):F0} MiB";

    public static string Met(bool met) => met ? "met" : "NOT met";
}
