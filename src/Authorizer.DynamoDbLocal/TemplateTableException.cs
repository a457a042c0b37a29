namespace Authorizer.DynamoDbLocal;

/// <summary>The template holds no usable table definition; the message names the file, resource and property.</summary>
public sealed class TemplateTableException : Exception
{
    public TemplateTableException()
    {
    }

    public TemplateTableException(string message)
        : base(message)
    {
    }

    public TemplateTableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
