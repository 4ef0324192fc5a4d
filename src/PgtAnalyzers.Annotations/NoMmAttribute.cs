using System;

namespace PgtAnalyzers.Annotations
{
    /// <summary>
    /// The code runs where no mm is available: an RCU callback such as <c>pte_free_now()</c>,
    /// <c>__tlb_remove_table()</c>, a softirq. Any mm passed to a <see cref="RequiresMmAttribute"/>
    /// parameter there is reported (PGT003). On a delegate parameter, as in
    /// <c>CallRcu(head, [NoMm] RcuCallback fn)</c>, every lambda or method group passed there is a no-mm context.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Parameter | AttributeTargets.Delegate,
        AllowMultiple = false, Inherited = true)]
    public sealed class NoMmAttribute : Attribute
    {
        // Editors show the constructor's documentation on a usage such as [NoMm]: it repeats the type's.
        /// <summary>
        /// The code runs where no mm is available: an RCU callback such as <c>pte_free_now()</c>,
        /// <c>__tlb_remove_table()</c>, a softirq. Any mm passed to a <see cref="RequiresMmAttribute"/>
        /// parameter there is reported (PGT003). On a delegate parameter, as in
        /// <c>CallRcu(head, [NoMm] RcuCallback fn)</c>, every lambda or method group passed there is a no-mm context.
        /// </summary>
        public NoMmAttribute()
        {
        }
    }
}
