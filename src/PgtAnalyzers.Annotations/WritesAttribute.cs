using System;

namespace PgtAnalyzers.Annotations
{
    /// <summary>
    /// The callee writes through this argument: a <c>memset64</c>, a <c>list_add</c> of a list node placed
    /// inside the memory, an entry store. Passing a value that was handed to deferred freeing here is a
    /// write after deferred free (PGT001).
    /// </summary>
    [AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
    public sealed class WritesAttribute : Attribute
    {
        // Editors show the constructor's documentation on a usage such as [Writes]: it repeats the type's.
        /// <summary>
        /// The callee writes through this argument: a <c>memset64</c>, a <c>list_add</c> of a list node placed
        /// inside the memory, an entry store. Passing a value that was handed to deferred freeing here is a
        /// write after deferred free (PGT001).
        /// </summary>
        public WritesAttribute()
        {
        }
    }
}
