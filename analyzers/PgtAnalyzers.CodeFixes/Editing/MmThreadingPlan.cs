using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using PgtAnalyzers.Contracts;

namespace PgtAnalyzers.CodeFixes.Editing;

/// <summary>
/// Decides how a document gets an mm where one is missing (PGT003), before any syntax is touched. Methods
/// either already have a <c>[RequiresMm]</c> parameter, get an unannotated mm parameter of theirs marked, or
/// get a new <c>[RequiresMm]</c> parameter in front of their others; every caller of a method that gets a new
/// parameter passes its own mm, which it gets the same way (transitively, within the document). A method is
/// only given a parameter when that cannot break code elsewhere: all its references are calls in this
/// document, and it is an ordinary method, local function or the only instance constructor of its type that
/// overrides, implements and hides nothing, is not partial, extern, [NoMm] or the entry point. A call from inside a lambda declines (the lambda's
/// delegate type fixes its parameters, and capturing an mm into code that may run later is the very
/// question the rule asks).
/// </summary>
internal sealed class MmThreadingPlan
{
    private readonly Document _document;
    private readonly SemanticModel _model;
    private readonly CancellationToken _cancellationToken;

    private Dictionary<IMethodSymbol, NewParameter> _newParameters = new(SymbolEqualityComparer.Default);
    private HashSet<IParameterSymbol> _marked = new(SymbolEqualityComparer.Default);
    private Dictionary<ExpressionSyntax, string> _replacedArguments = new();
    private Dictionary<ArgumentListSyntax, AddedArgument> _addedArguments = new();

    public MmThreadingPlan(Document document, SemanticModel model, CancellationToken cancellationToken)
    {
        _document = document;
        _model = model;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Methods that get a new first (after <c>this</c>) parameter: its name and type.</summary>
    public IReadOnlyDictionary<IMethodSymbol, NewParameter> NewParameters => _newParameters;

    /// <summary>Existing parameters that get <c>[RequiresMm]</c>.</summary>
    public IReadOnlyCollection<IParameterSymbol> Marked => _marked;

    /// <summary>Reported mm arguments and the name of the mm that replaces each.</summary>
    public IReadOnlyDictionary<ExpressionSyntax, string> ReplacedArguments => _replacedArguments;

    /// <summary>Calls of methods that get a new parameter, and the mm each passes for it, and where.</summary>
    public IReadOnlyDictionary<ArgumentListSyntax, AddedArgument> AddedArguments => _addedArguments;

    public bool IsEmpty => _newParameters.Count == 0 && _marked.Count == 0 && _replacedArguments.Count == 0;

    /// <summary>
    /// Mark <paramref name="parameter"/> <c>[RequiresMm]</c>: the reported call already passes it (perhaps
    /// through a local, perhaps captured by a lambda). Only a parameter of a method or local function of this
    /// document that is not <c>[NoMm]</c>.
    /// </summary>
    public bool TryMark(IParameterSymbol parameter)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction or MethodKind.Constructor } method
            || IsNoMm(method)
            || !parameter.DeclaringSyntaxReferences.Any(reference => reference.SyntaxTree == _model.SyntaxTree))
        {
            return false;
        }

        if (!AnnotationLookup.Has(parameter, AnnotationNames.RequiresMm))
        {
            _marked.Add(parameter.OriginalDefinition);
        }

        return true;
    }

    /// <summary>
    /// Pass <paramref name="method"/>'s own mm (existing, marked or new) for <paramref name="argument"/>, which
    /// must convert to <paramref name="mmType"/>. All or nothing: on failure the plan is as before.
    /// </summary>
    public async Task<bool> TryPassOwnMmAsync(IMethodSymbol method, SyntaxNode declaration, ExpressionSyntax argument, ITypeSymbol mmType)
    {
        var saved = (_newParameters, _marked, _replacedArguments, _addedArguments);
        _newParameters = new Dictionary<IMethodSymbol, NewParameter>(_newParameters, SymbolEqualityComparer.Default);
        _marked = new HashSet<IParameterSymbol>(_marked, SymbolEqualityComparer.Default);
        _replacedArguments = new Dictionary<ExpressionSyntax, string>(_replacedArguments);
        _addedArguments = new Dictionary<ArgumentListSyntax, AddedArgument>(_addedArguments);

        var name = await MmOfAsync(method, declaration, mmType).ConfigureAwait(false);
        if (name is null)
        {
            (_newParameters, _marked, _replacedArguments, _addedArguments) = saved;
            return false;
        }

        _replacedArguments[argument] = name;
        return true;
    }

    /// <summary>The name of the mm <paramref name="method"/> can pass, planning whatever that takes; null when it cannot have one.</summary>
    private async Task<string?> MmOfAsync(IMethodSymbol method, SyntaxNode declaration, ITypeSymbol mmType)
    {
        method = method.OriginalDefinition;
        if (IsNoMm(method))
        {
            return null;
        }

        if (_newParameters.TryGetValue(method, out var planned))
        {
            return Converts(planned.Type, mmType) ? planned.Name : null;
        }

        var candidates = method.Parameters.Where(p => p.RefKind == RefKind.None && Converts(p.Type, mmType)).ToList();
        var required = candidates.FirstOrDefault(p => AnnotationLookup.Has(p, AnnotationNames.RequiresMm) || _marked.Contains(p));
        if (required is not null)
        {
            return required.Name;
        }

        // An mm the method was given without saying so: say so, as for a reported caller parameter.
        if (candidates.Count == 1)
        {
            _marked.Add(candidates[0]);
            return candidates[0].Name;
        }

        if (!IsVisibleWherever(mmType, method) || !await CanTakeNewParameterAsync(method, declaration).ConfigureAwait(false))
        {
            return null;
        }

        var name = UniqueName(declaration, "mm");
        _newParameters[method] = new NewParameter(name, mmType, declaration);
        foreach (var call in await CallsAsync(method).ConfigureAwait(false))
        {
            var callerDeclaration = call is null ? null : StatementSite.EnclosingFunction(call.Value.Call);
            if (call is null
                || callerDeclaration is not (BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax)
                || _model.GetDeclaredSymbol(callerDeclaration, _cancellationToken) is not IMethodSymbol caller)
            {
                return null;
            }

            var callerMm = await MmOfAsync(caller, callerDeclaration, mmType).ConfigureAwait(false);
            if (callerMm is null || AddedArgumentAt(method, call.Value.Call, call.Value.Arguments, name, callerMm) is not { } added)
            {
                return null;
            }

            _addedArguments[call.Value.Arguments] = added;
        }

        return name;
    }

    private async Task<bool> CanTakeNewParameterAsync(IMethodSymbol method, SyntaxNode declaration)
    {
        if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction or MethodKind.Constructor)
            || declaration is not (MethodDeclarationSyntax or LocalFunctionStatementSyntax or ConstructorDeclarationSyntax)
            || declaration.SyntaxTree != _model.SyntaxTree
            || method.IsOverride || method.IsVirtual || method.IsAbstract || method.IsExtern
            || method.PartialDefinitionPart is not null || method.PartialImplementationPart is not null
            || !method.ExplicitInterfaceImplementations.IsEmpty
            || ImplementsInterfaceMember(method)
            || SharesItsName(method))
        {
            return false;
        }

        var entryPoint = _model.Compilation.GetEntryPoint(_cancellationToken);
        if (SymbolEqualityComparer.Default.Equals(entryPoint, method))
        {
            return false;
        }

        // Every reference must be a call this plan can rewrite; a method group or a caller in another document would break.
        var references = await SymbolFinder.FindReferencesAsync(method, _document.Project.Solution, _cancellationToken).ConfigureAwait(false);
        foreach (var location in references.SelectMany(reference => reference.Locations))
        {
            if (location.Document.Id != _document.Id || location.IsImplicit || location.IsCandidateLocation)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The calls of <paramref name="method"/> in this document, in source order, with their argument lists (a
    /// constructor's: <c>new T(...)</c>, <c>: this(...)</c>, <c>: base(...)</c>); null stands for a reference
    /// that is not a plain call (a target-typed <c>new(...)</c> is an implicit reference, declined before this).
    /// </summary>
    private async Task<List<(SyntaxNode Call, ArgumentListSyntax Arguments)?>> CallsAsync(IMethodSymbol method)
    {
        var root = await _model.SyntaxTree.GetRootAsync(_cancellationToken).ConfigureAwait(false);
        var references = await SymbolFinder.FindReferencesAsync(method, _document.Project.Solution, _cancellationToken).ConfigureAwait(false);
        var calls = new List<(SyntaxNode, ArgumentListSyntax)?>();
        foreach (var location in references.SelectMany(reference => reference.Locations).OrderBy(location => location.Location.SourceSpan.Start))
        {
            var name = root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
            if (IsInNameOf(name) || name.AncestorsAndSelf().Any(node => node is DocumentationCommentTriviaSyntax))
            {
                continue;
            }

            if (method.MethodKind == MethodKind.Constructor)
            {
                calls.Add(ConstructorCall(name, location.Location.SourceSpan));
                continue;
            }

            var callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name as ExpressionSyntax;
            calls.Add(callee?.Parent is InvocationExpressionSyntax call && call.Expression == callee && !IsInsideLambda(call) ? (call, call.ArgumentList) : null);
        }

        return calls;
    }

    /// <summary>
    /// Where <paramref name="call"/> passes <paramref name="callerMm"/> for the new parameter
    /// <paramref name="parameterName"/>, which goes first, or after the <c>this</c> parameter of an extension
    /// method. A call in instance form (<c>page.Unlock(0)</c>) has no argument for <c>this</c>: first. A call in
    /// static form (<c>PageWalk.Unlock(page, 0)</c>) gets it right after the receiver's argument, by name when
    /// that one is named (a positional argument after a named one is legal only in its own place, and a
    /// receiver named out of order is followed by named arguments only). Null when no argument is the receiver's.
    /// </summary>
    private AddedArgument? AddedArgumentAt(IMethodSymbol method, SyntaxNode call, ArgumentListSyntax arguments, string parameterName, string callerMm)
    {
        if (!method.IsExtensionMethod
            || _model.GetSymbolInfo(call, _cancellationToken).Symbol is IMethodSymbol { MethodKind: MethodKind.ReducedExtension })
        {
            return new AddedArgument(callerMm, 0, name: null);
        }

        var receiverName = method.Parameters[0].Name;
        for (var i = 0; i < arguments.Arguments.Count; i++)
        {
            var argument = arguments.Arguments[i];
            if (argument.NameColon is { } nameColon ? nameColon.Name.Identifier.ValueText == receiverName : i == 0)
            {
                return new AddedArgument(callerMm, i + 1, argument.NameColon is null ? null : parameterName);
            }
        }

        return null;
    }

    /// <summary>The constructor call a reference's span names: a creation's type, or an initializer's keyword.</summary>
    private static (SyntaxNode, ArgumentListSyntax)? ConstructorCall(SyntaxNode name, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        foreach (var node in name.AncestorsAndSelf())
        {
            switch (node)
            {
                case ObjectCreationExpressionSyntax { ArgumentList: { } arguments } creation when creation.Type.Span.Contains(span) && !IsInsideLambda(creation):
                    return (creation, arguments);
                case ConstructorInitializerSyntax initializer when initializer.ThisOrBaseKeyword.Span.Contains(span):
                    return (initializer, initializer.ArgumentList);
                case StatementSyntax or MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    private static bool IsInNameOf(SyntaxNode name) =>
        name.Ancestors().OfType<InvocationExpressionSyntax>().Any(call => call.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" });

    private static bool IsInsideLambda(SyntaxNode node) =>
        StatementSite.EnclosingFunction(node) is AnonymousFunctionExpressionSyntax;

    private bool Converts(ITypeSymbol from, ITypeSymbol to)
    {
        var conversion = _model.Compilation.ClassifyCommonConversion(from, to);
        return conversion.IsIdentity || (conversion.IsImplicit && conversion.IsReference);
    }

    /// <summary>
    /// The mm type may appear in the method's signature: it is at least as visible as the method (else
    /// CS0051). Local functions have no visibility of their own.
    /// </summary>
    private static bool IsVisibleWherever(ITypeSymbol type, IMethodSymbol method)
    {
        if (method.MethodKind == MethodKind.LocalFunction)
        {
            return true;
        }

        var (typeRank, typeKind) = EffectiveVisibility(type);
        var (methodRank, methodKind) = EffectiveVisibility(method);
        return typeRank > methodRank || (typeRank == methodRank && typeKind == methodKind);
    }

    /// <summary>The narrowest accessibility along the symbol and its containing types, ranked; protected and internal share a rank but not a kind.</summary>
    private static (int Rank, Accessibility Kind) EffectiveVisibility(ISymbol symbol)
    {
        var narrowest = (Rank: 5, Kind: Accessibility.Public);
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current is ITypeParameterSymbol || current.DeclaredAccessibility == Accessibility.NotApplicable)
            {
                continue;
            }

            var rank = current.DeclaredAccessibility switch
            {
                Accessibility.Public => 4,
                Accessibility.ProtectedOrInternal => 3,
                Accessibility.Protected or Accessibility.Internal => 2,
                Accessibility.ProtectedAndInternal => 1,
                _ => 0,
            };
            if (rank < narrowest.Rank)
            {
                narrowest = (rank, current.DeclaredAccessibility);
            }
        }

        return narrowest;
    }

    private static bool IsNoMm(IMethodSymbol method) => AnnotationLookup.Has(method, AnnotationNames.NoMm);

    private static bool ImplementsInterfaceMember(IMethodSymbol method) =>
        method.ContainingType is { } type
        && type.AllInterfaces.SelectMany(i => i.GetMembers()).Any(member =>
            SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method));

    /// <summary>An overload or an inherited member of the same name: a new parameter could make two signatures clash or change which one a call binds to.</summary>
    private static bool SharesItsName(IMethodSymbol method)
    {
        if (method.MethodKind == MethodKind.Ordinary && method.ContainingType.GetMembers(method.Name).Length > 1)
        {
            return true;
        }

        if (method.MethodKind == MethodKind.Constructor)
        {
            // Another constructor could take the new argument list; constructors are not inherited.
            return method.IsStatic || method.ContainingType.InstanceConstructors.Length > 1;
        }

        for (var type = method.ContainingType?.BaseType; type is not null; type = type.BaseType)
        {
            if (type.GetMembers(method.Name).Any())
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <paramref name="preferred"/>, or with a number after it, such that no identifier in the whole member
    /// holding <paramref name="declaration"/> is spelled that way: the new parameter then shadows nothing the
    /// code uses and clashes with no local.
    /// </summary>
    private static string UniqueName(SyntaxNode declaration, string preferred)
    {
        var member = declaration.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault() ?? declaration;
        var used = new HashSet<string>(member.DescendantTokens().Select(token => token.ValueText));
        var name = preferred;
        for (var suffix = 2; used.Contains(name); suffix++)
        {
            name = preferred + suffix;
        }

        return name;
    }

    /// <summary>An argument the plan adds to a call: the caller's mm, at which index of the list, and the parameter's name when passed by name.</summary>
    internal sealed class AddedArgument
    {
        public AddedArgument(string mm, int index, string? name)
        {
            Mm = mm;
            Index = index;
            Name = name;
        }

        public string Mm { get; }

        public int Index { get; }

        /// <summary>The new parameter's name, when the argument is written <c>name: mm</c>; null for a positional one.</summary>
        public string? Name { get; }
    }

    /// <summary>A parameter the plan adds: its name, its type and the declaration it goes into.</summary>
    internal sealed class NewParameter
    {
        public NewParameter(string name, ITypeSymbol type, SyntaxNode declaration)
        {
            Name = name;
            Type = type;
            Declaration = declaration;
        }

        public string Name { get; }

        public ITypeSymbol Type { get; }

        public SyntaxNode Declaration { get; }
    }
}
