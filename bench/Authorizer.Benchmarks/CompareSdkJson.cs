using System.Text.Json.Serialization;

namespace Authorizer.Benchmarks;

[JsonSerializable(typeof(Dictionary<string, Dictionary<string, double>>))]
internal sealed partial class CompareSdkJson : JsonSerializerContext;
