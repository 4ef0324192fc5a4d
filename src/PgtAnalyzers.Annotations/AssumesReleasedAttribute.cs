using System;

namespace PgtAnalyzers.Annotations
{
    /// <summary>
    /// Like <see cref="ReleasesAttribute"/> but performs nothing: an assertion helper, in the spirit of
    /// <c>lockdep_assert_held()</c>, that tells the analysis a fact it cannot prove (for instance that a
    /// page is off every list because it is marked Active), instead of a suppression.
    /// </summary>
    [AttributeUsage(AttributeTargets.Parameter, AllowMultiple = false, Inherited = true)]
    public sealed class AssumesReleasedAttribute : Attribute
    {
        // Editors show the constructor's documentation on a usage such as [AssumesReleased]: it repeats the type's.
        /// <summary>
        /// Like <see cref="ReleasesAttribute"/> but performs nothing: an assertion helper, in the spirit of
        /// <c>lockdep_assert_held()</c>, that tells the analysis a fact it cannot prove (for instance that a
        /// page is off every list because it is marked Active), instead of a suppression.
        /// </summary>
        public AssumesReleasedAttribute()
        {
        }
    }
}
