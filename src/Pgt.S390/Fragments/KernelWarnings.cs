// SPDX-License-Identifier: GPL-2.0
// WARN_ON_ONCE (include/asm-generic/bug.h) where the ported kernel code has one.

using System.Runtime.CompilerServices;
using Pgt.Emulator.Kernel;

namespace Pgt.S390.Fragments;

/// <summary>
/// The port keeps every <c>WARN_ON_ONCE</c> of the code it ports, at the same place and on the same
/// condition, so the condition's loads are scheduling points as in the kernel. The emulator has no
/// warning finding kind yet: a true condition is only returned, as the macro's value is. Phase 2 of
/// issue 11 makes it a finding (the kernel's "WARNING: CPU: ... at file:line" splat).
/// </summary>
public static class KernelWarnings
{
    /// <summary><c>WARN_ON_ONCE(condition)</c>: returns <paramref name="condition"/>; reports nothing yet.</summary>
    public static bool WarnOnOnce(Machine m, bool condition, [CallerMemberName] string caller = "",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        ArgumentNullException.ThrowIfNull(m);
        _ = (caller, file, line);
        return condition;
    }
}
