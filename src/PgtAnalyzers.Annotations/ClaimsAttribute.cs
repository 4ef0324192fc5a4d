using System;

namespace PgtAnalyzers.Annotations
{
    /// <summary>
    /// The overlay member passed here becomes the live member of its group for that object:
    /// <c>list_add</c> claims <c>lru</c>, <c>call_rcu</c> claims <c>rcu_head</c>. Claiming while another
    /// member of the group is live is PGT002; claiming the same live member again is PGT004.
    /// </summary>
    [AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
    public sealed class ClaimsAttribute : Attribute
    {
        // Editors show the constructor's documentation on a usage such as [Claims]: it repeats the type's.
        /// <summary>
        /// The overlay member passed here becomes the live member of its group for that object:
        /// <c>list_add</c> claims <c>lru</c>, <c>call_rcu</c> claims <c>rcu_head</c>. Claiming while another
        /// member of the group is live is PGT002; claiming the same live member again is PGT004.
        /// </summary>
        public ClaimsAttribute()
        {
        }
    }
}
