using System;

namespace PgtAnalyzers.Annotations
{
    /// <summary>
    /// The argument is the mm whose context (<c>context.lock</c>, <c>context.pgtable_list</c>) the callee
    /// uses. It must be a live mm the caller was given: its own <c>[RequiresMm]</c> parameter or a value
    /// from an <see cref="MmSourceAttribute"/> member, never null and never inside a <see cref="NoMmAttribute"/>
    /// context (PGT003).
    /// </summary>
    [AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
    public sealed class RequiresMmAttribute : Attribute
    {
        // Editors show the constructor's documentation on a usage such as [RequiresMm]: it repeats the type's.
        /// <summary>
        /// The argument is the mm whose context (<c>context.lock</c>, <c>context.pgtable_list</c>) the callee
        /// uses. It must be a live mm the caller was given: its own <c>[RequiresMm]</c> parameter or a value
        /// from an <see cref="MmSourceAttribute"/> member, never null and never inside a <see cref="NoMmAttribute"/>
        /// context (PGT003).
        /// </summary>
        public RequiresMmAttribute()
        {
        }
    }
}
