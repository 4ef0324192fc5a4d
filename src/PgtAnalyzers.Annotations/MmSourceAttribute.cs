using System;

namespace PgtAnalyzers.Annotations
{
    /// <summary>
    /// A legitimate source of a live mm, such as <c>task.Mm</c> or <c>vma.Mm</c>. A value read from this
    /// member, or returned by this method, may be passed to a <see cref="RequiresMmAttribute"/> parameter.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Method | AttributeTargets.ReturnValue,
        AllowMultiple = false, Inherited = true)]
    public sealed class MmSourceAttribute : Attribute
    {
        // Editors show the constructor's documentation on a usage such as [MmSource]: it repeats the type's.
        /// <summary>
        /// A legitimate source of a live mm, such as <c>task.Mm</c> or <c>vma.Mm</c>. A value read from this
        /// member, or returned by this method, may be passed to a <see cref="RequiresMmAttribute"/> parameter.
        /// </summary>
        public MmSourceAttribute()
        {
        }
    }
}
