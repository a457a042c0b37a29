using System.Reflection;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Authorizer.Store.Tests;

/// <summary>A DynamoDB client stand-in whose GetItem fails with scripted exceptions, then answers "no item".</summary>
public class FlakyDynamo : DispatchProxy
{
    private readonly Queue<Exception> _failures = new();
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Action? OnFailure { get; set; }

    public static (IAmazonDynamoDB Client, FlakyDynamo Fake) Create(params Exception[] failures)
    {
        var client = DispatchProxy.Create<IAmazonDynamoDB, FlakyDynamo>();
        var fake = (FlakyDynamo)(object)client;
        foreach (var failure in failures)
        {
            fake._failures.Enqueue(failure);
        }

        return (client, fake);
    }

    public void AlwaysFailWith(Func<Exception> failure, int times)
    {
        for (var i = 0; i < times; i++)
        {
            _failures.Enqueue(failure());
        }
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod?.Name != nameof(IAmazonDynamoDB.GetItemAsync))
        {
            throw new NotSupportedException($"The fake client does not implement {targetMethod?.Name}.");
        }

        Interlocked.Increment(ref _calls);
        lock (_failures)
        {
            if (_failures.TryDequeue(out var failure))
            {
                OnFailure?.Invoke();
                return Task.FromException<GetItemResponse>(failure);
            }
        }

        return Task.FromResult(new GetItemResponse());
    }
}
