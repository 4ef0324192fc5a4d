using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace PgtAnalyzers.Contracts;

/// <summary>
/// The annotations of one compilation, read once per symbol and cached: created in the compilation-start
/// action and shared by every method body of that compilation (thread-safe; no statics).
/// Annotations follow overrides and interface implementations (implicit and explicit), restated or not:
/// a member's contract is its own attributes plus those of every member it overrides or implements, so an
/// override can add an attribute but never drop one (annotations.md, Contract v2, point 1).
/// </summary>
internal sealed class ContractIndex
{
    private readonly ConcurrentDictionary<ISymbol, ParameterContract> _parameters = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, string> _overlayGroups = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, ISymbol> _overlayMembers = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, bool> _mmSources = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, bool> _noMm = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, bool> _hasOverlay = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, ImmutableArray<ReleaseMethod>> _releaseMethods = new(SymbolEqualityComparer.Default);

    private ContractIndex()
    {
    }

    /// <summary>
    /// The index for <paramref name="compilation"/>, or null when no annotation type exists in it or its
    /// references: then nothing can be annotated and no body needs analysing.
    /// </summary>
    public static ContractIndex? TryCreate(Compilation compilation)
    {
        // Read the references' own metadata first: asking the compilation (ReferencedAssemblyNames, Assembly,
        // GetTypesByMetadataName) binds every reference, hundreds of milliseconds the driver would spend later
        // anyway but charged to whoever asks first. Only a reference that cannot be read falls back to binding.
        if (ReferencesDeclareAnnotations(compilation) is { } declared)
        {
            return declared || SourceDeclaresAnnotations(compilation) ? new ContractIndex() : null;
        }

        if (compilation.ReferencedAssemblyNames.Any(identity => identity.Name == AnnotationNames.Namespace)
            || SourceDeclaresAnnotations(compilation))
        {
            return new ContractIndex();
        }

        foreach (var name in AnnotationNames.All)
        {
            if (!compilation.GetTypesByMetadataName(AnnotationNames.Namespace + "." + name).IsEmpty)
            {
                return new ContractIndex();
            }
        }

        return null;
    }

    /// <summary>An annotation type declared in source (the declaration table answers without binding references).</summary>
    private static bool SourceDeclaresAnnotations(Compilation compilation) =>
        AnnotationNames.All.Any(name => compilation.ContainsSymbolsWithName(name, SymbolFilter.Type)
            && compilation.Assembly.GetTypeByMetadataName(AnnotationNames.Namespace + "." + name) is not null);

    /// <summary>
    /// Whether a reference is the annotations assembly or declares a type in its namespace, read from each
    /// reference's metadata tables; null when some reference cannot be read that way.
    /// </summary>
    private static bool? ReferencesDeclareAnnotations(Compilation compilation)
    {
        try
        {
            foreach (var reference in compilation.References)
            {
                switch (reference)
                {
                    case CompilationReference { Compilation: var referenced }:
                        if (referenced.AssemblyName == AnnotationNames.Namespace || SourceDeclaresAnnotations(referenced))
                        {
                            return true;
                        }

                        break;
                    case PortableExecutableReference executable:
                        var metadata = executable.GetMetadata();
                        var modules = metadata is AssemblyMetadata assembly ? assembly.GetModules()
                            : metadata is ModuleMetadata single ? ImmutableArray.Create(single)
                            : default;
                        if (modules.IsDefault)
                        {
                            return null;
                        }

                        foreach (var module in modules)
                        {
                            if (DeclaresAnnotations(module.GetMetadataReader()))
                            {
                                return true;
                            }
                        }

                        break;
                    default:
                        return null;
                }
            }
        }
        catch (System.Exception exception) when (exception is System.IO.IOException or System.BadImageFormatException or System.NotSupportedException)
        {
            return null;
        }

        return false;
    }

    private static bool DeclaresAnnotations(System.Reflection.Metadata.MetadataReader reader)
    {
        if (reader.IsAssembly && reader.StringComparer.Equals(reader.GetAssemblyDefinition().Name, AnnotationNames.Namespace))
        {
            return true;
        }

        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            if (reader.StringComparer.Equals(type.Namespace, AnnotationNames.Namespace)
                && AnnotationNames.All.Any(name => reader.StringComparer.Equals(type.Name, name)))
            {
                return true;
            }
        }

        return false;
    }

    public ParameterContract Of(IParameterSymbol? parameter)
    {
        if (parameter is null)
        {
            return ParameterContract.None;
        }

        var key = parameter.OriginalDefinition;
        return _parameters.TryGetValue(key, out var known) ? known : _parameters.GetOrAdd(key, p => ReadWithInherited((IParameterSymbol)p));
    }

    private ParameterContract ReadWithInherited(IParameterSymbol parameter)
    {
        var contract = Read(parameter);
        if (parameter.ContainingSymbol is IMethodSymbol method)
        {
            foreach (var inherited in Inherited.Of(method))
            {
                var inheritedMethod = (IMethodSymbol)inherited;
                if (parameter.Ordinal < inheritedMethod.Parameters.Length)
                {
                    contract |= Of(inheritedMethod.Parameters[parameter.Ordinal]);
                }
            }
        }

        return contract;
    }

    // A cached "not an overlay member", distinct by reference from every group name, "" included.
    private static readonly string NoGroup = new('\0', 1);

    /// <summary>The overlay group of a field or property, or null when it has no <c>[Overlay]</c>.</summary>
    /// <summary>
    /// The one symbol that stands for an <c>[Overlay]</c> member's storage: followed from an override or an
    /// implementation up to the declaration it inherits its <c>[Overlay]</c> from, so <c>f.Node</c>, <c>((FragBase)f).Node</c>
    /// and <c>((IFrag)f).Node</c> are one member of one object.
    /// </summary>
    public ISymbol OverlayMemberOf(ISymbol member)
    {
        var key = member.OriginalDefinition;
        return _overlayMembers.TryGetValue(key, out var known) ? known : _overlayMembers.GetOrAdd(key, m =>
        {
            foreach (var inherited in Inherited.Of(m))
            {
                if (OverlayGroupOf(inherited) is not null)
                {
                    return OverlayMemberOf(inherited);
                }
            }

            return m;
        });
    }

    public string? OverlayGroupOf(ISymbol? member)
    {
        if (member is not (IFieldSymbol or IPropertySymbol))
        {
            return null;
        }

        var key = member.OriginalDefinition;
        var group = _overlayGroups.TryGetValue(key, out var known) ? known : _overlayGroups.GetOrAdd(key, m =>
        {
            foreach (var attribute in m.GetAttributes())
            {
                if (Is(attribute, AnnotationNames.Overlay)
                    && attribute.ConstructorArguments.Length == 1
                    && attribute.ConstructorArguments[0].Value is string name)
                {
                    return name;
                }
            }

            foreach (var inherited in Inherited.Of(m))
            {
                if (OverlayGroupOf(inherited) is { } name)
                {
                    return name;
                }
            }

            return NoGroup;
        });
        return ReferenceEquals(group, NoGroup) ? null : group;
    }

    /// <summary>True when <paramref name="type"/> or a base type declares an <c>[Overlay]</c> member: only their objects can carry an overlay membership.</summary>
    public bool HasOverlayMembers(ITypeSymbol? type) =>
        type is not null && (_hasOverlay.TryGetValue(type.OriginalDefinition, out var known) ? known : _hasOverlay.GetOrAdd(type.OriginalDefinition, t => DeclaresOverlay((ITypeSymbol)t) || HasOverlayMembers(((ITypeSymbol)t).BaseType)));

    private bool DeclaresOverlay(ITypeSymbol type) => type.GetMembers().Any(m => OverlayGroupOf(m) is not null);

    /// <summary>True for a field, property or method (or its return value) marked <c>[MmSource]</c>.</summary>
    public bool IsMmSource(ISymbol? member) =>
        member is not null && (_mmSources.TryGetValue(member.OriginalDefinition, out var known) ? known : _mmSources.GetOrAdd(member.OriginalDefinition, m =>
            HasAttribute(m, AnnotationNames.MmSource)
            || (m is IMethodSymbol method && method.GetReturnTypeAttributes().Any(a => Is(a, AnnotationNames.MmSource)))
            || (m is IPropertySymbol { GetMethod: { } getter } && getter.GetReturnTypeAttributes().Any(a => Is(a, AnnotationNames.MmSource)))
            || Inherited.Of(m).Any(IsMmSource)));

    /// <summary>True for a method, local function or lambda marked <c>[NoMm]</c>, or overriding or implementing one.</summary>
    public bool IsNoMm(ISymbol? method) =>
        method is not null && (_noMm.TryGetValue(method.OriginalDefinition, out var known) ? known : _noMm.GetOrAdd(method.OriginalDefinition, m => HasAttribute(m, AnnotationNames.NoMm) || Inherited.Of(m).Any(IsNoMm)));

    /// <summary>
    /// The member whose own <c>[NoMm]</c> makes <paramref name="method"/> a no-mm context: itself, or the
    /// nearest member it overrides or implements that is one; null if none.
    /// </summary>
    public ISymbol? NoMmDeclaration(IMethodSymbol method)
    {
        if (!IsNoMm(method))
        {
            return null;
        }

        var current = (ISymbol)method.OriginalDefinition;
        while (!HasAttribute(current, AnnotationNames.NoMm))
        {
            current = Inherited.Of(current).First(IsNoMm);
        }

        return current;
    }

    /// <summary>
    /// The name of a method with a <c>[Releases]</c> parameter that accepts <paramref name="memberType"/>,
    /// searched in the given types in order (the one declaring the claiming call first); null if none.
    /// Candidates within a type are taken in name order, so the answer is stable.
    /// </summary>
    public string? FindReleaseMethod(ITypeSymbol? memberType, params INamedTypeSymbol?[] searchIn)
    {
        if (memberType is null)
        {
            return null;
        }

        foreach (var type in searchIn)
        {
            if (type is null)
            {
                continue;
            }

            foreach (var candidate in _releaseMethods.GetOrAdd(type.OriginalDefinition, t => ReleaseMethodsOf((INamedTypeSymbol)t)))
            {
                if (SymbolEqualityComparer.Default.Equals(candidate.ParameterType, memberType.OriginalDefinition))
                {
                    return candidate.MethodName;
                }
            }
        }

        return null;
    }

    private ImmutableArray<ReleaseMethod> ReleaseMethodsOf(INamedTypeSymbol type) =>
        type.GetMembers()
            .OfType<IMethodSymbol>()
            .SelectMany(m => m.Parameters
                .Where(p => (Of(p) & ParameterContract.Releases) != 0)
                .Select(p => new ReleaseMethod(m.Name, p.Type.OriginalDefinition)))
            .OrderBy(r => r.MethodName, System.StringComparer.Ordinal)
            .ToImmutableArray();

    private static ParameterContract Read(IParameterSymbol parameter)
    {
        var contract = ParameterContract.None;
        foreach (var attribute in parameter.GetAttributes())
        {
            contract |= FlagOf(attribute);
        }

        if (parameter.Type is INamedTypeSymbol { TypeKind: TypeKind.Delegate } delegateType
            && HasAttribute(delegateType.OriginalDefinition, AnnotationNames.NoMm))
        {
            contract |= ParameterContract.NoMm;
        }

        return contract;
    }

    private static ParameterContract FlagOf(AttributeData attribute)
    {
        var type = attribute.AttributeClass;
        if (type is null || !InAnnotationNamespace(type))
        {
            return ParameterContract.None;
        }

        return type.Name switch
        {
            AnnotationNames.DeferredFree => ParameterContract.DeferredFree,
            AnnotationNames.Writes => ParameterContract.Writes,
            AnnotationNames.Claims => ParameterContract.Claims,
            AnnotationNames.Releases => ParameterContract.Releases,
            AnnotationNames.AssumesReleased => ParameterContract.AssumesReleased,
            AnnotationNames.RequiresMm => ParameterContract.RequiresMm,
            AnnotationNames.NoMm => ParameterContract.NoMm,
            _ => ParameterContract.None,
        };
    }

    private static bool HasAttribute(ISymbol symbol, string name) =>
        symbol.GetAttributes().Any(a => Is(a, name));

    private static bool Is(AttributeData attribute, string name) =>
        attribute.AttributeClass is { } type && type.Name == name && InAnnotationNamespace(type);

    private static bool InAnnotationNamespace(INamedTypeSymbol type)
    {
        // Walk the namespace chain instead of formatting a display string for every attribute.
        if (type.ContainingType is not null)
        {
            return false;
        }

        var inner = type.ContainingNamespace;
        if (inner is null || inner.Name != "Annotations")
        {
            return false;
        }

        var outer = inner.ContainingNamespace;
        return outer is not null && outer.Name == "PgtAnalyzers" && outer.ContainingNamespace is { IsGlobalNamespace: true };
    }

    private readonly struct ReleaseMethod
    {
        public ReleaseMethod(string methodName, ITypeSymbol parameterType)
        {
            MethodName = methodName;
            ParameterType = parameterType;
        }

        public string MethodName { get; }

        public ITypeSymbol ParameterType { get; }
    }
}
