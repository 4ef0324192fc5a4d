using System.Runtime.CompilerServices;

namespace Pgt.Emulator.Kernel;

/// <summary>The warning macros of include/asm-generic/bug.h.</summary>
public static class BugPrimitives
{
    /// <summary>
    /// <c>WARN_ON_ONCE(condition)</c>: when <paramref name="condition"/> holds, the kernel prints its
    /// "WARNING: CPU: n PID: m at file:line" splat and goes on; here that splat is a <c>warning</c> finding.
    /// Every finding ends its execution, so the warning is reported once, as the macro's static flag makes
    /// it. Returns <paramref name="condition"/>, as the macro does. Evaluating the condition is the
    /// caller's (its loads are the kernel's), so this is no scheduling point.
    /// </summary>
    public static bool WarnOnOnce(this Machine m, bool condition, [CallerArgumentExpression(nameof(condition))] string expression = "",
        [CallerMemberName] string caller = "", [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (condition)
        {
            m.Fail(m.Faults.Warning(m.Current, "WARN_ON_ONCE", expression, new Callsite(caller, file, line)));
        }

        return condition;
    }
}
