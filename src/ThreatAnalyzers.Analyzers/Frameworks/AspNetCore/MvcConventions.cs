using System;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>
    /// Which types are MVC controllers and Razor Pages, and which of their methods the framework routes requests to,
    /// following ASP.NET Core's own discovery rules.
    /// </summary>
    internal static class MvcConventions
    {
        private static readonly string[] PageHandlerVerbs = { "Get", "Post", "Put", "Delete", "Patch", "Head", "Options" };

        /// <summary>ASP.NET Core's ControllerFeatureProvider rules: public, top-level, concrete, not generic, not [NonController], and named *Controller or marked [Controller].</summary>
        public static bool IsController(INamedTypeSymbol type, AspNetCoreTypes aspNetCore)
        {
            // Nested types are never controllers: ControllerFeatureProvider requires TypeInfo.IsPublic, false for a nested type.
            if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsGenericType || type.IsStatic
                || type.DeclaredAccessibility != Accessibility.Public || type.ContainingType is not null)
            {
                return false;
            }

            foreach (var t in type.SelfAndBaseTypes())
            {
                if (t.Find(aspNetCore.NonControllerAttribute) is not null)
                {
                    return false;
                }
            }

            if (type.Name.EndsWith("Controller", StringComparison.Ordinal))
            {
                return true;
            }

            foreach (var t in type.SelfAndBaseTypes())
            {
                if (t.Find(aspNetCore.ControllerAttribute) is not null)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A public instance method of a controller that MVC turns into an action.</summary>
        public static bool IsAction(IMethodSymbol method, AspNetCoreTypes aspNetCore)
            => IsActionShaped(method, aspNetCore) && method.ContainingType is { } type && IsController(type, aspNetCore);

        /// <summary>
        /// The actions a controller inherits from base classes of the compilation that are not controllers themselves
        /// (abstract, generic, or not named *Controller): MVC routes them as actions of each concrete controller.
        /// Methods the controller (or a class between) overrides or hides are its own.
        /// </summary>
        public static System.Collections.Generic.IEnumerable<IMethodSymbol> InheritedActions(INamedTypeSymbol controller, AspNetCoreTypes aspNetCore)
        {
            var own = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
            foreach (var member in controller.GetMembers())
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } declared)
                {
                    own.Add(Signature(declared));
                }
            }

            for (var b = controller.BaseType; b is not null && b.DeclaringSyntaxReferences.Length > 0; b = b.BaseType)
            {
                var isController = IsControllerShaped(b, aspNetCore);
                foreach (var member in b.GetMembers())
                {
                    if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && own.Add(Signature(method))
                        && !isController && IsActionShaped(method, aspNetCore))
                    {
                        yield return method;
                    }
                }
            }
        }

        private static string Signature(IMethodSymbol method)
        {
            var text = method.Name + "(";
            foreach (var parameter in method.Parameters)
            {
                text += parameter.Type.ToDisplayString() + ",";
            }

            return text + ")";
        }

        /// <summary>A type MVC would take for a controller were it concrete and top-level: named *Controller or marked [Controller].</summary>
        private static bool IsControllerShaped(INamedTypeSymbol type, AspNetCoreTypes aspNetCore)
        {
            if (type.Name.EndsWith("Controller", StringComparison.Ordinal) && !type.IsAbstract && !type.IsGenericType)
            {
                return true;
            }

            return !type.IsAbstract && !type.IsGenericType && type.Find(aspNetCore.ControllerAttribute) is not null;
        }

        private static bool IsActionShaped(IMethodSymbol method, AspNetCoreTypes aspNetCore)
        {
            if (!IsPublicInstanceOrdinary(method) || method.IsGenericMethod || method.Find(aspNetCore.NonActionAttribute) is not null)
            {
                return false;
            }

            // Object's members and IDisposable.Dispose are never actions.
            if (method.IsOverride && method.SelfAndOverridden().LastOrDefaultContainingType()?.SpecialType == SpecialType.System_Object)
            {
                return false;
            }

            return !(method.Name == "Dispose" && method.Parameters.Length == 0);
        }

        public static bool IsPageModel(INamedTypeSymbol type, AspNetCoreTypes aspNetCore)
            => type.TypeKind == TypeKind.Class && !type.IsAbstract && type.InheritsFromOrEquals(aspNetCore.PageModel);

        /// <summary>OnGet, OnPostAsync, OnPostDeleteAsync...: the handler naming convention of Razor Pages.</summary>
        public static bool IsPageHandler(IMethodSymbol method, AspNetCoreTypes aspNetCore)
        {
            // The name first: most methods are not On…, and reading attributes costs more.
            var name = method.Name;
            if (!name.StartsWith("On", StringComparison.Ordinal)
                || !IsPublicInstanceOrdinary(method) || method.IsGenericMethod || method.Find(aspNetCore.NonActionAttribute) is not null)
            {
                return false;
            }

            foreach (var verb in PageHandlerVerbs)
            {
                if (string.CompareOrdinal(name, 2, verb, 0, verb.Length) == 0
                    && (name.Length == 2 + verb.Length || char.IsUpper(name[2 + verb.Length])))
                {
                    return method.ContainingType is { } type && IsPageModel(type, aspNetCore);
                }
            }

            return false;
        }

        private static bool IsPublicInstanceOrdinary(IMethodSymbol method)
            => method.MethodKind == MethodKind.Ordinary
               && !method.IsStatic
               && !method.IsAbstract
               && !method.IsImplicitlyDeclared
               && method.DeclaredAccessibility == Accessibility.Public;

        private static INamedTypeSymbol? LastOrDefaultContainingType(this System.Collections.Generic.IEnumerable<IMethodSymbol> chain)
        {
            INamedTypeSymbol? last = null;
            foreach (var m in chain)
            {
                last = m.ContainingType;
            }

            return last;
        }
    }
}
