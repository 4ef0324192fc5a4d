using System;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace PgtAnalyzers.Tests.Infrastructure;

/// <summary>Runs work on a fresh thread with a chosen stack size and a deadline; exceptions come back to the caller.</summary>
internal static class DedicatedThread
{
    /// <summary>A normal thread stack (Windows' default, and what an IDE or build worker may have): what the analyzers must fit in.</summary>
    public const int OneMegabyte = 1024 * 1024;

    /// <summary>For Roslyn's own binding of pathological inputs, which is not what these tests measure.</summary>
    public const int CompilerStack = 256 * 1024 * 1024;

    public static T Run<T>(string name, int stackSize, TimeSpan timeout, Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? error = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = work();
                }
                catch (Exception exception)
                {
                    error = ExceptionDispatchInfo.Capture(exception);
                }
            },
            stackSize)
        {
            IsBackground = true,
            Name = name,
        };
        thread.Start();
        if (!thread.Join(timeout))
        {
            // A background thread: it cannot keep the test process alive, and the test fails here.
            throw new TimeoutException($"{name} did not finish within {timeout.TotalSeconds:0} s (a hang?)");
        }

        error?.Throw();
        return result;
    }
}
