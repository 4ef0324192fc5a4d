namespace PgtAnalyzers.Flow;

/// <summary>Where an abstract value comes from; this decides, among other things, whether it is a legal mm.</summary>
internal enum ValueKind
{
    /// <summary>Not tracked (an uninitialised local, or a value whose tracking ended).</summary>
    Unknown,

    /// <summary>The null literal or <c>default</c>.</summary>
    Null,

    /// <summary>A parameter's value on entry to the body (own or captured from the enclosing method).</summary>
    Parameter,

    /// <summary>
    /// A local of the enclosing body read in a lambda or local function: one value for the whole nested body
    /// (what it held there is not known here, so it is a legal mm, as an untracked value is).
    /// </summary>
    Captured,

    /// <summary><c>this</c>.</summary>
    This,

    /// <summary>A static field or property: the same storage wherever it is read.</summary>
    StaticMember,

    /// <summary>The result of one operation (a call, a <c>new</c>, an <c>await</c>...): one allocation site.</summary>
    Origin,

    /// <summary>Obtained from another value through one of its own members: shares that value's memory.</summary>
    View,
}
