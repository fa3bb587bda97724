using System;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks
{
    /// <summary>
    /// What a <c>ProcessStartInfo.ArgumentList.Add(value)</c> call starts (TA6002): the program set as the start info's
    /// FileName (in its constructor, its initializer, or an assignment to the same local in the same body), when written
    /// as a constant, and whether that program is a shell, which parses its arguments as commands.
    /// </summary>
    internal static class ProcessShells
    {
        private static readonly string[] Shells = { "cmd", "sh", "bash", "zsh", "dash", "ksh", "csh", "tcsh", "fish", "powershell", "pwsh", "wsl" };

        /// <summary>The constant file name of the start info whose ArgumentList the call adds to, when it is a shell; null otherwise (not an ArgumentList, not a shell, not known).</summary>
        public static string? ShellOf(IOperation? argument, CompilationAnalysis analysis, CancellationToken cancellationToken)
        {
            var invocation = argument?.Parent as IInvocationOperation ?? argument?.Parent?.Parent as IInvocationOperation;
            if (invocation?.Instance?.WithoutConversions() is not IPropertyReferenceOperation { Property.Name: "ArgumentList", Instance: { } startInfo } list
                || list.Property.ContainingType?.ToDisplayString() != "System.Diagnostics.ProcessStartInfo")
            {
                return null;
            }

            var fileName = FileNameOf(startInfo.WithoutConversions(), analysis, cancellationToken);
            return fileName is not null && IsShell(fileName) ? fileName : null;
        }

        public static bool IsShell(string fileName)
        {
            var name = fileName.Replace('\\', '/');
            name = name.Substring(name.LastIndexOf('/') + 1);
            if (name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase))
            {
                name = name.Substring(0, name.Length - 4);
            }

            return Shells.Contains(name, StringComparer.OrdinalIgnoreCase);
        }

        private static string? FileNameOf(IOperation startInfo, CompilationAnalysis analysis, CancellationToken cancellationToken)
        {
            if (startInfo is IObjectCreationOperation creation)
            {
                return OfCreation(creation);
            }

            if (startInfo is not ILocalReferenceOperation local
                || local.Local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator
                || !analysis.Compilation.ContainsSyntaxTree(declarator.SyntaxTree))
            {
                return null;
            }

            var model = analysis.Flow.SemanticModelFor(declarator.SyntaxTree);
            var found = declarator.Initializer?.Value is { } initial && model.GetOperation(initial, cancellationToken)?.WithoutConversions() is IObjectCreationOperation made
                ? OfCreation(made)
                : null;

            // psi.FileName = "bash"; later in the same body.
            var body = declarator.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax);
            foreach (var assignment in body?.DescendantNodes().OfType<AssignmentExpressionSyntax>() ?? Enumerable.Empty<AssignmentExpressionSyntax>())
            {
                if (assignment.Left is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FileName", Expression: IdentifierNameSyntax owner }
                    && owner.Identifier.ValueText == local.Local.Name)
                {
                    found = model.GetConstantValue(assignment.Right, cancellationToken) is { HasValue: true, Value: string name } ? name : null;
                }
            }

            return found;
        }

        private static string? OfCreation(IObjectCreationOperation creation)
        {
            string? found = null;
            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter?.Name == "fileName" && argument.Value.ConstantValue is { HasValue: true, Value: string name })
                {
                    found = name;
                }
            }

            foreach (var part in creation.Initializer?.Initializers ?? Enumerable.Empty<IOperation>())
            {
                if (part is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "FileName" } } assignment)
                {
                    found = assignment.Value.ConstantValue is { HasValue: true, Value: string name } ? name : null;
                }
            }

            return found;
        }
    }
}
