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
    }
}
