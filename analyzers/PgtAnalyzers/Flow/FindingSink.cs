using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace PgtAnalyzers.Flow;

/// <summary>
/// Collects one rule's findings for one body, then for the whole operation block. A span analysed more than once (a finally body
/// reached normally and while unwinding) keeps its strongest finding, then its earliest blame.
/// </summary>
internal sealed class FindingSink
{
    private readonly DiagnosticDescriptor _onAllPaths;
    private readonly DiagnosticDescriptor _onSomePaths;
    private readonly Dictionary<TextSpan, Finding> _findings = new();

    public FindingSink(DiagnosticDescriptor onAllPaths, DiagnosticDescriptor onSomePaths)
    {
        _onAllPaths = onAllPaths;
        _onSomePaths = onSomePaths;
    }

    public void Report(
        Certainty certainty, IOperation at, EarlierCall? blame, ImmutableDictionary<string, string?> properties, params object[] messageArguments)
    {
        var location = at.Syntax.GetLocation();
        Keep(location.SourceSpan, new Finding(certainty, location, blame, properties, messageArguments));
    }

    /// <summary>Adds the findings of a body whose analysis completed, by the same rule as <see cref="Report"/>.</summary>
    public void MergeFrom(FindingSink body)
    {
        foreach (var pair in body._findings)
        {
            Keep(pair.Key, pair.Value);
        }
    }

    private void Keep(TextSpan span, Finding finding)
    {
        if (_findings.TryGetValue(span, out var existing) && !finding.IsStrongerThan(existing))
        {
            return;
        }

        _findings[span] = finding;
    }

    public IEnumerable<Diagnostic> ToDiagnostics() =>
        _findings
            .OrderBy(pair => pair.Key.Start)
            .ThenBy(pair => pair.Key.Length)
            .Select(pair => pair.Value.ToDiagnostic(pair.Value.Certainty == Certainty.OnAllPaths ? _onAllPaths : _onSomePaths));

    private sealed class Finding
    {
        public Finding(Certainty certainty, Location location, EarlierCall? blame, ImmutableDictionary<string, string?> properties, object[] arguments)
        {
            Certainty = certainty;
            Location = location;
            Blame = blame;
            Properties = properties;
            Arguments = arguments;
        }

        public Certainty Certainty { get; }

        public Location Location { get; }

        public EarlierCall? Blame { get; }

        public ImmutableDictionary<string, string?> Properties { get; }

        public object[] Arguments { get; }

        public bool IsStrongerThan(Finding other) =>
            Certainty != other.Certainty
                ? Certainty > other.Certainty
                : Blame is not null && other.Blame is not null && Blame.Location.SourceSpan.Start < other.Blame.Location.SourceSpan.Start;

        public Diagnostic ToDiagnostic(DiagnosticDescriptor descriptor) =>
            Diagnostic.Create(
                descriptor,
                Location,
                Blame is null ? null : new[] { Blame.Location },
                Properties,
                Arguments);
    }
}
