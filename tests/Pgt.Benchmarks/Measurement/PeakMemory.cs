namespace Pgt.Benchmarks.Measurement;

/// <summary>
/// The process's peak resident set (VmHWM in /proc/self/status), which Linux lets a process reset by
/// writing 5 to /proc/self/clear_refs. Measured in a child process that runs one configuration only, it is
/// that configuration's peak working set.
/// </summary>
internal static class PeakMemory
{
    /// <summary>Resets the peak to the current resident set; false where the kernel does not allow it.</summary>
    public static bool TryReset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Peak resident set in bytes, or the process's peak working set where /proc is not there.</summary>
    public static long PeakBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, System.Globalization.CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }
}
