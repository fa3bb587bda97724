using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ThreatAnalyzers.Frameworks.Http
{
    /// <summary>
    /// The external entity an outbound request reaches, named by what the code knows, in this order: the named client
    /// (<c>CreateClient("name")</c>), the typed client (the class an HttpClient is injected into), a constant host, the
    /// configuration key the address comes from, else "External HTTP service (host from …)" with the expression the host
    /// comes from. Never the calling class: a controller that fetches a URL it was given is not the service it fetches.
    /// Both faces (the rules' operations, the model's syntax) name through here, so TA4002 and the diagram agree.
    /// </summary>
    internal static class HttpTargets
    {
        private const string Prefix = "entity:http:";
        private const int LongestExpression = 40;

        public static (string Id, string Name) Entity(
            string? clientName, INamedTypeSymbol? typedClient, string? host, ExpressionSyntax? target,
            Func<ExpressionSyntax, string?> constantString, Func<ExpressionSyntax, ITypeSymbol?> typeOf)
        {
            if (clientName is not null)
            {
                return (Prefix + clientName, host ?? clientName);
            }

            if (typedClient is not null)
            {
                return (Prefix + typedClient.ToDisplayString(), host ?? typedClient.Name);
            }

            host ??= LeadingHost(target, constantString);
            if (host is not null)
            {
                return (Prefix + host, host);
            }

            var source = HostSource(target);
            // The key may be read into a local first: var baseUrl = configuration["Rates:BaseUrl"]; … $"{baseUrl}/today".
            if (source is not null && AdoNet.OwnDatabase.KeyIn(source, constantString, typeOf) is { } key)
            {
                return (Prefix + "configuration:" + key, "External HTTP service (configuration \"" + key + "\")");
            }

            var shown = source is null ? "request" : Shown(source);
            return (Prefix + "host-from:" + shown, "External HTTP service (host from " + shown + ")");
        }

        /// <summary>
        /// A class that has an HttpClient injected (a constructor parameter, as <c>AddHttpClient&lt;TClient&gt;</c>
        /// requires) is a typed client, when the request goes through a client it holds rather than one it makes.
        /// </summary>
        public static INamedTypeSymbol? TypedClient(INamedTypeSymbol? holder, ExpressionSyntax? clientExpression)
        {
            if (holder is null || clientExpression is null || MadeHere(clientExpression))
            {
                return null;
            }

            foreach (var constructor in holder.InstanceConstructors)
            {
                foreach (var parameter in constructor.Parameters)
                {
                    if (parameter.Type is INamedTypeSymbol { Name: "HttpClient", ContainingNamespace: { Name: "Http", ContainingNamespace: { Name: "Net", ContainingNamespace.Name: "System" } } })
                    {
                        return holder;
                    }
                }
            }

            return null;
        }

        /// <summary>A client made in the expression itself (<c>new HttpClient()</c>, <c>factory.CreateClient()</c>) is nobody's typed client.</summary>
        private static bool MadeHere(ExpressionSyntax client)
        {
            while (client is ParenthesizedExpressionSyntax parenthesized)
            {
                client = parenthesized.Expression;
            }

            return client is BaseObjectCreationExpressionSyntax
                   || client is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CreateClient" } or IdentifierNameSyntax { Identifier.ValueText: "CreateClient" } };
        }

        /// <summary>The host a constant start spells: <c>$"https://status.example.com/api/{id}"</c>, <c>"https://host/" + path</c>.</summary>
        private static string? LeadingHost(ExpressionSyntax? target, Func<ExpressionSyntax, string?> constantString)
        {
            for (var steps = 0; target is not null && steps < 8; steps++)
            {
                switch (target)
                {
                    case ParenthesizedExpressionSyntax parenthesized:
                        target = parenthesized.Expression;
                        continue;
                    case BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 1 } creation:
                        target = creation.ArgumentList!.Arguments[0].Expression;
                        continue;
                    case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                        target = binary.Left;
                        continue;
                    case InterpolatedStringExpressionSyntax { Contents.Count: > 0 } interpolated when interpolated.Contents[0] is InterpolatedStringTextSyntax text:
                        return HostIn(text.TextToken.ValueText);
                    default:
                        return constantString(target) is { } constant ? HostIn(constant) : null;
                }
            }

            return null;
        }

        private static string? HostIn(string text)
        {
            // Only a host the text spells in full: "https://status.example.com/" or "https://status.example.com" then a hole.
            var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
            if (schemeEnd < 0)
            {
                return null;
            }

            var hostEnd = text.IndexOfAny(new[] { '/', '?', '#' }, schemeEnd + 3);
            return hostEnd < 0 ? null : Uri.TryCreate(text.Substring(0, hostEnd), UriKind.Absolute, out var uri) && uri.Host.Length > 0 ? uri.Host : null;
        }

        /// <summary>The part of a request address that says where it goes: inside <c>new Uri(…)</c>, the first hole of an interpolation, the left of a concatenation.</summary>
        private static ExpressionSyntax? HostSource(ExpressionSyntax? target)
        {
            for (var steps = 0; target is not null && steps < 8; steps++)
            {
                switch (target)
                {
                    case ParenthesizedExpressionSyntax parenthesized:
                        target = parenthesized.Expression;
                        continue;
                    case BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } creation:
                        target = creation.ArgumentList!.Arguments[0].Expression;
                        continue;
                    case InterpolatedStringExpressionSyntax interpolated:
                        foreach (var content in interpolated.Contents)
                        {
                            if (content is InterpolationSyntax hole)
                            {
                                target = hole.Expression;
                                break;
                            }
                        }

                        if (target == interpolated)
                        {
                            return target;
                        }

                        continue;
                    case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                        target = binary.Left;
                        continue;
                    case PostfixUnaryExpressionSyntax suppressed when suppressed.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                        target = suppressed.Operand;
                        continue;
                    default:
                        return target;
                }
            }

            return target;
        }

        /// <summary>
        /// The configuration key an address is read from: <c>configuration["Key"]</c>, <c>configuration.GetValue&lt;string&gt;("Key")</c>,
        /// <c>configuration.GetSection("Key").Value</c>, <c>configuration.GetConnectionString("Name")</c>.
        /// </summary>
        internal static string? ConfigurationKey(ExpressionSyntax source, Func<ExpressionSyntax, string?> constantString, Func<ExpressionSyntax, ITypeSymbol?> typeOf)
        {
            switch (source)
            {
                case ElementAccessExpressionSyntax { ArgumentList.Arguments.Count: 1 } access when IsConfiguration(typeOf(access.Expression)):
                    return constantString(access.ArgumentList.Arguments[0].Expression);
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Value", Expression: InvocationExpressionSyntax section }:
                    return ConfigurationKey(section, constantString, typeOf);
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member, ArgumentList.Arguments.Count: > 0 } call
                    when member.Name.Identifier.ValueText is "GetValue" or "GetSection" or "GetConnectionString" or "GetRequiredSection" && IsConfiguration(typeOf(member.Expression)):
                    var key = constantString(call.ArgumentList.Arguments[0].Expression);
                    return key is null ? null : member.Name.Identifier.ValueText == "GetConnectionString" ? "ConnectionStrings:" + key : key;
                default:
                    return null;
            }
        }

        private static bool IsConfiguration(ITypeSymbol? type)
        {
            if (type is null)
            {
                return false;
            }

            if (IsConfigurationInterface(type))
            {
                return true;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (IsConfigurationInterface(implemented))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsConfigurationInterface(ITypeSymbol type)
            => type is { Name: "IConfiguration", ContainingNamespace: { Name: "Configuration", ContainingNamespace: { Name: "Extensions", ContainingNamespace.Name: "Microsoft" } } };

        /// <summary>How the host's source is shown: a name or a short expression as written, else "an expression".</summary>
        private static string Shown(ExpressionSyntax source)
        {
            var text = source.WithoutTrivia().ToString();
            text = string.Join(" ", text.Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries));
            return text.Length <= LongestExpression ? text : "an expression";
        }
    }
}
