using System;

namespace PgtAnalyzers.Annotations
{
    /// <summary>
    /// The overlay member passed here stops being live: <c>list_del</c>, <c>list_del_init</c>, the end of
    /// an RCU callback. Another member of its group may be claimed afterwards.
    /// </summary>
    [AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
    public sealed class ReleasesAttribute : Attribute
    {
        // Editors show the constructor's documentation on a usage such as [Releases]: it repeats the type's.
        /// <summary>
        /// The overlay member passed here stops being live: <c>list_del</c>, <c>list_del_init</c>, the end of
        /// an RCU callback. Another member of its group may be claimed afterwards.
        /// </summary>
        public ReleasesAttribute()
        {
        }
    }
}
