using System.Reflection;
using Pgt.Cli.Checking;
using Pgt.Emulator.Exploration;

namespace Pgt.Cli.Compilation;

/// <summary>
/// Turns a declared scenario of a loaded assembly into an explorer <see cref="Scenario"/>. The body calls
/// the method with the execution itself, or with a fresh object built from it (one per execution).
/// Exceptions are not wrapped, so the explorer reports the scenario's own exception, and its internal
/// unwinding passes through untouched.
/// </summary>
public static class ScenarioFactory
{
    public static Scenario Create(Assembly assembly, ScenarioDeclaration declaration)
    {
        var type = assembly.GetType(declaration.TypeName, throwOnError: false)
            ?? throw new InvalidOperationException($"the compiled assembly has no type {declaration.TypeName}");
        var method = type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Single(candidate => candidate.Name == declaration.MethodName
                && candidate.GetCustomAttributes().Any(attribute => attribute.GetType().FullName == ScenarioFinder.AttributeName));
        var argumentType = method.GetParameters()[0].ParameterType;
        if (argumentType == typeof(IExecution))
        {
            return new Scenario(declaration.Name, execution => Invoke(method, execution));
        }

        var constructor = argumentType.GetConstructors()
            .Where(candidate => candidate.GetParameters() is { Length: >= 1 } parameters
                && parameters[0].ParameterType == typeof(IExecution)
                && parameters.Skip(1).All(parameter => parameter.IsOptional))
            .OrderBy(candidate => candidate.GetParameters().Length)
            .First();
        var missing = Enumerable.Repeat(Type.Missing, constructor.GetParameters().Length - 1);
        return new Scenario(declaration.Name, execution =>
        {
            var argument = constructor.Invoke(BindingFlags.DoNotWrapExceptions | BindingFlags.OptionalParamBinding, null, [execution, .. missing], null);
            Invoke(method, argument);
        });
    }

    private static void Invoke(MethodInfo method, object? argument) =>
        method.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [argument], null);
}
