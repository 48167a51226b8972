using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace VectorReindex.PowerShell
{
    /// <summary>
    /// Serves the third-party assemblies the module ships in dependencies/, and only to the module's
    /// own assemblies. The host resolves first (the shared framework's copies win on PowerShell 7);
    /// what it cannot resolve for one of our assemblies comes from dependencies/: on PowerShell 7
    /// into a module-private AssemblyLoadContext, so another module's copy of the same assembly, of
    /// any version, neither blocks this module nor gets ours; on Windows PowerShell 5.1 by LoadFrom.
    /// </summary>
    public sealed class ModuleAssemblyResolver : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleFolder =
            Path.GetFullPath(Path.GetDirectoryName(typeof(ModuleAssemblyResolver).Assembly.Location) ?? ".")
                .TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;

        internal static readonly string DependencyFolder = Path.Combine(ModuleFolder, "dependencies");

        /// <summary>Null on .NET Framework, which has no AssemblyLoadContext.</summary>
        internal static readonly PrivateLoadContext? LoadContext = PrivateLoadContext.TryCreate("VectorReindex");

        public void OnImport()
        {
            AppDomain.CurrentDomain.AssemblyResolve += Resolve;
            LocalModelLoader.RegisterWithCore();
        }

        public void OnRemove(PSModuleInfo psModuleInfo) => AppDomain.CurrentDomain.AssemblyResolve -= Resolve;

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            if (!IsOwnRequest(args.RequestingAssembly)) return null;
            var name = new AssemblyName(args.Name).Name;
            if (name == null) return null;
            var path = Path.Combine(DependencyFolder, name + ".dll");
            if (!File.Exists(path)) return null;
            return LoadContext != null ? LoadContext.Load(path) : Assembly.LoadFrom(path);
        }

        /// <summary>
        /// A request made by an assembly of this module folder (the cmdlets, Core, a dependency).
        /// .NET always names the requester; .NET Framework may not, and there the name alone decides.
        /// </summary>
        private static bool IsOwnRequest(Assembly? requester)
        {
            if (requester == null) return LoadContext == null;
            string location;
            try
            {
                location = requester.Location;
            }
            catch (NotSupportedException)
            {
                return false; // a dynamic assembly: never ours
            }
            return !string.IsNullOrEmpty(location) &&
                   Path.GetFullPath(location).StartsWith(ModuleFolder, Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        }
    }
}
