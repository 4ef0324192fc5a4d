using System;

namespace PgtAnalyzers.Annotations
{
    /// <summary>
    /// The argument is handed to deferred (RCU) freeing, like the table passed to <c>pte_free_defer()</c>.
    /// From the call on, the caller must not write through it or any alias of it, including a view of its
    /// own memory obtained through one of its members (PGT001). Inside the method the parameter is
    /// read-only too: it may be read and passed on to another <c>[DeferredFree]</c> parameter, never written.
    /// Passing the same value twice is PGT004.
    /// </summary>
    [AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
    public sealed class DeferredFreeAttribute : Attribute
    {
        // Editors show the constructor's documentation on a usage such as [DeferredFree]: it repeats the type's.
        /// <summary>
        /// The argument is handed to deferred (RCU) freeing, like the table passed to <c>pte_free_defer()</c>.
        /// From the call on, the caller must not write through it or any alias of it, including a view of its
        /// own memory obtained through one of its members (PGT001). Inside the method the parameter is
        /// read-only too: it may be read and passed on to another <c>[DeferredFree]</c> parameter, never written.
        /// Passing the same value twice is PGT004.
        /// </summary>
        public DeferredFreeAttribute()
        {
        }
    }
}
