namespace Pgt.Emulator.Exploration;

/// <summary>
/// A violation found during one execution, built by a checker. The explorer attaches the schedule
/// (strategy, seed, decisions) and the report writers render both, as text or JSON.
/// </summary>
/// <param name="Kind">A stable identifier, for instance <c>write-after-deferred-free</c>; samples declare it.</param>
/// <param name="Title">The headline, as KASAN prints it: <c>BUG: EMU: &lt;kind&gt; in &lt;function&gt; (...)</c>.</param>
/// <param name="Sections">The report body in order: the access, the earlier event that made it illegal, the page dump, ...</param>
public sealed record Finding(string Kind, string Title, IReadOnlyList<ReportSection> Sections);

/// <summary>One titled block of a report.</summary>
public sealed record ReportSection(string Heading, IReadOnlyList<string> Lines);
