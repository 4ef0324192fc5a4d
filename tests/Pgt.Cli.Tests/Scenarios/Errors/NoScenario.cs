namespace CliTests.Errors;

public static class NoScenario
{
    public static int Answer() => 42;
}
