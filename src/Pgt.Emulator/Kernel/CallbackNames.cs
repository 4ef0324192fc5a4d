namespace Pgt.Emulator.Kernel;

/// <summary>
/// Names a callback for reports. A method group keeps the name written at the call
/// (<c>PteFreeNow</c>, <c>pgt.PteFreeNow</c>: the last part); any other expression (a lambda, whose text may
/// span lines, or <c>bit == 0 ? FreeLower : FreeUpper</c>) is named from the delegate's method:
/// <c>Queue.&lt;lambda&gt;</c> for a lambda written in <c>Queue</c>, a local function by its own name.
/// </summary>
internal static class CallbackNames
{
    private const string Lambda = ">b__";
    private const string LocalFunction = ">g__";
    private static readonly string[] AccessorPrefixes = { "get_", "set_", "add_", "remove_" };

    public static string Of(Delegate fn, string expression)
    {
        var text = expression.Trim();
        if (IsDottedName(text))
        {
            var dot = text.LastIndexOf('.');
            return dot >= 0 ? text[(dot + 1)..] : text;
        }

        return Split(fn.Method.Name) is { } generated
            ? generated.Local ?? generated.Enclosing + ".<lambda>"
            : fn.Method.Name;
    }

    /// <summary>
    /// The frame a callback runs in, as a report shows it: its symbol's name, the member its primitives
    /// report as their caller (a lambda's or local function's is the member that wrote it), and the file and
    /// line of the call that queued it (the callback's own are not known without its debug symbols).
    /// </summary>
    public static FrameInfo FrameOf(Delegate fn, string name, in Callsite queuedAt) =>
        new(name, Split(fn.Method.Name) is { } generated ? CallerMemberNameOf(generated.Enclosing) : fn.Method.Name, queuedAt.File, queuedAt.Line);

    /// <summary>The C# compiler's names: <c>&lt;Queue&gt;b__0_0</c> (a lambda), <c>&lt;Queue&gt;g__Free|0_0</c> (a local function).</summary>
    private static (string Enclosing, string? Local)? Split(string method)
    {
        if (!method.StartsWith('<'))
        {
            return null;
        }

        var lambda = method.LastIndexOf(Lambda, StringComparison.Ordinal);
        var local = method.LastIndexOf(LocalFunction, StringComparison.Ordinal);
        var end = Math.Max(lambda, local);
        if (end <= 1)
        {
            return null;
        }

        var enclosing = method[1..end];
        if (local < lambda)
        {
            return (enclosing, null);
        }

        var bar = method.IndexOf('|', local);
        var start = local + LocalFunction.Length;
        return (enclosing, bar > start ? method[start..bar] : method[start..]);
    }

    /// <summary>What [CallerMemberName] says inside a member: a property's or an event's name, not its accessor's.</summary>
    private static string CallerMemberNameOf(string member)
    {
        foreach (var prefix in AccessorPrefixes)
        {
            if (member.StartsWith(prefix, StringComparison.Ordinal) && member.Length > prefix.Length)
            {
                return member[prefix.Length..];
            }
        }

        return member;
    }

    private static bool IsDottedName(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        var atStart = true;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (atStart)
                {
                    return false;
                }

                atStart = true;
                continue;
            }

            if (!(char.IsLetter(c) || c == '_' || (!atStart && char.IsDigit(c))))
            {
                return false;
            }

            atStart = false;
        }

        return !atStart;
    }
}
