using System;

namespace PgtAnalyzers.Annotations
{
    /// <summary>
    /// Members of one type that carry the same <see cref="Group"/> share storage, as <c>lru</c> and
    /// <c>rcu_head</c> do in <c>struct page</c>. At most one member of a group may be live at a time for a
    /// given object (PGT002).
    /// </summary>
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = true)]
    public sealed class OverlayAttribute : Attribute
    {
        /// <summary>
        /// Members of one type that carry the same <see cref="Group"/> share storage, as <c>lru</c> and
        /// <c>rcu_head</c> do in <c>struct page</c>. At most one member of a group may be live at a time for a
        /// given object (PGT002).
        /// </summary>
        /// <param name="group">The name of the storage the members share, for instance <c>"lru"</c>.</param>
        public OverlayAttribute(string group)
        {
            Group = group;
        }

        /// <summary>The name of the storage the members of this group share.</summary>
        public string Group { get; }
    }
}
