namespace Pgt.Benchmarks.Measurement;

/// <summary>Order statistics of repeated measurements.</summary>
internal static class Stats
{
    public static double Median(IReadOnlyCollection<double> values) => Percentile(values, 50);

    /// <summary>The nearest-rank percentile (p in 0..100).</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.OrderBy(v => v).ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>
    /// The least-squares slope of log(y) over log(x): 1 means linear growth, 2 quadratic. The "ratio per
    /// doubling" is 2^slope.
    /// </summary>
    public static double LogLogSlope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var n = x.Count;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (var i = 0; i < n; i++)
        {
            var lx = Math.Log(x[i]);
            var ly = Math.Log(y[i]);
            sx += lx;
            sy += ly;
            sxx += lx * lx;
            sxy += lx * ly;
        }

        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    /// <summary>Names a log-log slope: within 0.85..1.15 it is linear growth, within measurement noise.</summary>
    public static string GrowthVerdict(double slope) =>
        slope < 0.85 ? "sub-linear" : slope <= 1.15 ? "linear" : slope <= 1.5 ? "slightly super-linear" : "super-linear";
}
