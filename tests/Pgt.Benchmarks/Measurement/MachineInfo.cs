using System.Globalization;
using System.Runtime.InteropServices;

namespace Pgt.Benchmarks.Measurement;

/// <summary>What the figures were measured on: cores, CPU model, .NET, and how busy the machine was.</summary>
internal sealed record MachineInfo(int Cores, string CpuModel, string Runtime, string OperatingSystem, string LoadAverage)
{
    public static MachineInfo Read() =>
        new(Environment.ProcessorCount, CpuModelName(), RuntimeInformation.FrameworkDescription,
            RuntimeInformation.OSDescription, ReadLoadAverage());

    /// <summary>The 1-, 5- and 15-minute load averages, as uptime prints them.</summary>
    public static string ReadLoadAverage()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(", ", fields.Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    /// <summary>The 1-minute load average, or NaN where it cannot be read.</summary>
    public static double OneMinuteLoad()
    {
        var first = ReadLoadAverage().Split(',')[0];
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : double.NaN;
    }

    private static string CpuModelName()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal))
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }
}
