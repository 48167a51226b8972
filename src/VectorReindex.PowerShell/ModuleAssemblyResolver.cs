using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace VectorReindex.PowerShell
{
    /// <summary>
    /// Serves the third-party assemblies the module ships in its dependencies/ folder, so they load
    /// even where the host has no copy (Windows PowerShell 5.1), and only when the host cannot
    /// resolve them itself: a host's own newer copy (PowerShell 7) always wins.
    /// </summary>
    public sealed class ModuleAssemblyResolver : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string DependencyFolder =
            Path.Combine(Path.GetDirectoryName(typeof(ModuleAssemblyResolver).Assembly.Location) ?? ".", "dependencies");

        public void OnImport() => AppDomain.CurrentDomain.AssemblyResolve += Resolve;

        public void OnRemove(PSModuleInfo psModuleInfo) => AppDomain.CurrentDomain.AssemblyResolve -= Resolve;

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name).Name;
            if (name == null) return null;
            var path = Path.Combine(DependencyFolder, name + ".dll");
            return File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
