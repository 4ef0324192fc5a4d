using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace PgtAnalyzers.Flow;

/// <summary>
/// What each flow capture of one graph captured, when that is a local, a parameter or another capture: a fact
/// of the graph, the same in every state. The graph captures a variable before a value with branches
/// (<c>t = c ? a : b</c>, <c>x ??= mm</c>), so assigning to the capture assigns the variable and a null test
/// of the capture tests the variable. Built on first use (captures are top-level operations of their blocks).
/// </summary>
internal sealed class GraphCaptures
{
    private readonly ControlFlowGraph _graph;
    private Dictionary<CaptureId, object>? _sources;
    private Dictionary<CaptureId, (int First, int Last)>? _lifetimes;
    private Dictionary<CaptureId, List<IOperation>>? _definitions;
    private Dictionary<IFlowAnonymousFunctionOperation, DelegateAssignments>? _lambdaAssignments;

    public GraphCaptures(ControlFlowGraph graph)
    {
        _graph = graph;
    }

    /// <summary>
    /// The variables of the enclosing bodies that <paramref name="lambda"/> (one of this graph's lambdas) may
    /// assign when it runs, each with the variable it copies when that is all the lambda ever assigns it and
    /// the lambda has no branches (<c>() =&gt; t = table</c>). Lambdas nested in it are not followed.
    /// </summary>
    public DelegateAssignments AssignedBy(IFlowAnonymousFunctionOperation lambda, System.Threading.CancellationToken cancellationToken)
    {
        _lambdaAssignments ??= new Dictionary<IFlowAnonymousFunctionOperation, DelegateAssignments>();
        if (_lambdaAssignments.TryGetValue(lambda, out var found))
        {
            return found;
        }

        found = DelegateAssignments.Of(_graph.GetAnonymousFunctionControlFlowGraph(lambda, cancellationToken), lambda.Syntax.Span);
        _lambdaAssignments.Add(lambda, found);
        return found;
    }

    /// <summary>The local or parameter symbol, or the <see cref="CaptureId"/>, that <paramref name="id"/> captured; null for anything else.</summary>
    public object? SourceOf(CaptureId id) => Sources().TryGetValue(id, out var source) ? source : null;

    /// <summary>
    /// Whether <paramref name="id"/> can still be read at the block <paramref name="ordinal"/>: the graph
    /// bounds each capture's life by a region, and a block outside it only sees a stale value.
    /// </summary>
    public bool IsLiveAt(CaptureId id, int ordinal)
    {
        if (_lifetimes is null)
        {
            _lifetimes = new Dictionary<CaptureId, (int, int)>();
            AddLifetimes(_graph.Root);
        }

        return !_lifetimes.TryGetValue(id, out var life) || (ordinal >= life.First && ordinal <= life.Last);
    }

    /// <summary>
    /// Every value the graph gives <paramref name="id"/>, in block order: one per branch of the <c>?:</c>,
    /// <c>switch</c> expression or <c>??</c> the capture stands for (<see cref="ChosenCallbacks"/>).
    /// </summary>
    public IReadOnlyList<IOperation> DefinitionsOf(CaptureId id)
    {
        if (_definitions is null)
        {
            _definitions = new Dictionary<CaptureId, List<IOperation>>();
            foreach (var block in _graph.Blocks)
            {
                foreach (var operation in block.Operations)
                {
                    if (operation is IFlowCaptureOperation definition)
                    {
                        if (!_definitions.TryGetValue(definition.Id, out var values))
                        {
                            _definitions[definition.Id] = values = new List<IOperation>();
                        }

                        values.Add(definition.Value);
                    }
                }
            }
        }

        return _definitions.TryGetValue(id, out var found) ? found : System.Array.Empty<IOperation>();
    }

    private void AddLifetimes(ControlFlowRegion region)
    {
        foreach (var id in region.CaptureIds)
        {
            _lifetimes![id] = (region.FirstBlockOrdinal, region.LastBlockOrdinal);
        }

        foreach (var nested in region.NestedRegions)
        {
            AddLifetimes(nested);
        }
    }

    private Dictionary<CaptureId, object> Sources()
    {
        if (_sources is not null)
        {
            return _sources;
        }

        _sources = new Dictionary<CaptureId, object>();
        foreach (var block in _graph.Blocks)
        {
            foreach (var operation in block.Operations)
            {
                if (operation is not IFlowCaptureOperation definition)
                {
                    continue;
                }

                object? source = definition.Value switch
                {
                    ILocalReferenceOperation { Local.IsRef: false } local => local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    IFlowCaptureReferenceOperation other => other.Id,
                    _ => null,
                };
                if (source is not null)
                {
                    _sources[definition.Id] = source;
                }
            }
        }

        return _sources;
    }
}
