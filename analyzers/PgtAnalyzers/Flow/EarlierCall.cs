using System;
using Microsoft.CodeAnalysis;

namespace PgtAnalyzers.Flow;

/// <summary>
/// The earlier event a diagnostic blames: the call that handed a value to deferred freeing or claimed a
/// member, a <c>[DeferredFree]</c> parameter's declaration, or the <c>[NoMm]</c> context. Equal by location,
/// so facts computed again on a later iteration compare equal.
/// </summary>
internal sealed class EarlierCall : IEquatable<EarlierCall>
{
    // The analysis builds an EarlierCall at every call it visits, on every pass; only reported ones are
    // read, so their source texts are taken from the syntax when first asked for.
    private readonly SyntaxNode? _textSource;
    private readonly SyntaxNode? _memberSource;
    private string? _text;
    private string? _memberText;

    public EarlierCall(string name, Location location, string text, IMethodSymbol? method = null, string? memberText = null)
    {
        Name = name;
        Location = location;
        _text = text;
        Method = method;
        _memberText = memberText;
    }

    private EarlierCall(string name, Location location, SyntaxNode textSource, IMethodSymbol method, SyntaxNode? memberSource)
    {
        Name = name;
        Location = location;
        _textSource = textSource;
        Method = method;
        _memberSource = memberSource;
    }

    private EarlierCall(EarlierCall call, InferredEffect through)
    {
        Name = call.Name;
        Location = call.Location;
        _text = call._text;
        _textSource = call._textSource;
        Method = call.Method;
        _memberText = call._memberText;
        _memberSource = call._memberSource;
        Through = through;
    }

    /// <summary>For a call whose effect was inferred from the callee's body: the effect, with where in that body it happens.</summary>
    public InferredEffect? Through { get; }

    /// <summary>This call, blamed for an effect inferred from the callee's body.</summary>
    public EarlierCall Via(InferredEffect effect) => new(this, effect);

    /// <summary>The line, as messages say it; for an inferred effect, followed by where the callee's body has it.</summary>
    public string LineText => Through is not { } through
        ? Line.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : $"{Line} ({Describe(through)})";

    private static string Describe(InferredEffect through) => through.Kind switch
    {
        Contracts.ParameterContract.Writes => $"its body writes '{through.Inside.Text}' on line {through.Inside.Line}",
        Contracts.ParameterContract.RequiresMm => $"its body passes it as the mm of '{through.Inside.Name}' on line {through.Inside.Line}",
        _ => $"its body calls '{through.Inside.Name}' on line {through.Inside.Line}",
    };

    /// <summary>What the message calls it: the callee's name (<c>PteFreeDefer</c>) or the declaring method's.</summary>
    public string Name { get; }

    public Location Location { get; }

    /// <summary>Source text of the call (or declaration), for <c>Diagnostic.Properties</c>.</summary>
    public string Text => _text ??= _textSource!.ToString();

    /// <summary>The called method, when the event is a call.</summary>
    public IMethodSymbol? Method { get; }

    /// <summary>For a claim: the claimed member as written there (<c>page.Lru</c>).</summary>
    public string? MemberText => _memberText ??= _memberSource?.ToString();

    /// <summary>1-based line, as the messages say it.</summary>
    public int Line => Location.GetLineSpan().StartLinePosition.Line + 1;

    /// <param name="call">The call.</param>
    /// <param name="method">The called method.</param>
    /// <param name="member">For a claim, the claimed member's syntax.</param>
    public static EarlierCall ForCall(IOperation call, IMethodSymbol? method, SyntaxNode? member = null) =>
        method is null
            ? new(call.Syntax.ToString(), call.Syntax.GetLocation(), call.Syntax.ToString(), null, member?.ToString())
            : new(DisplayName(method), call.Syntax.GetLocation(), call.Syntax, method, member);

    /// <summary>A method as a reader names it: a constructor by its type, an accessor by its property, an operator by its token.</summary>
    public static string DisplayName(IMethodSymbol method) => method.MethodKind switch
    {
        MethodKind.Constructor => method.ContainingType.Name,
        MethodKind.PropertyGet or MethodKind.PropertySet when method.AssociatedSymbol is IPropertySymbol { IsIndexer: true } => "this[]",
        MethodKind.PropertyGet or MethodKind.PropertySet when method.AssociatedSymbol is { } property => property.Name,
        MethodKind.UserDefinedOperator or MethodKind.Conversion => method.ToDisplayString(OperatorFormat),
        _ => method.Name,
    };

    private static readonly SymbolDisplayFormat OperatorFormat = new(memberOptions: SymbolDisplayMemberOptions.None);

    /// <summary>The first of two, in source order: joins must pick the same blame whatever the visiting order.</summary>
    public static EarlierCall First(EarlierCall a, EarlierCall b) =>
        a.Location.SourceSpan.Start <= b.Location.SourceSpan.Start ? a : b;

    public bool Equals(EarlierCall? other) =>
        other is not null && Location.SourceSpan == other.Location.SourceSpan && Name == other.Name;

    public override bool Equals(object? obj) => Equals(obj as EarlierCall);

    public override int GetHashCode() => Location.SourceSpan.GetHashCode();
}
