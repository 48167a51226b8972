using System;
using System.Collections.Generic;
using System.Reflection;

namespace VectorReindex.PowerShell
{
    /// <summary>
    /// A named AssemblyLoadContext of the module's own, reached by reflection because the module
    /// targets netstandard2.0 (which has no AssemblyLoadContext) to load in Windows PowerShell too.
    /// Each file loads once; later requests get the same assembly, so every requester shares its types.
    /// </summary>
    internal sealed class PrivateLoadContext
    {
        private readonly object _context;
        private readonly MethodInfo _loadFromAssemblyPath;
        private readonly Dictionary<string, Assembly> _loaded = new Dictionary<string, Assembly>(StringComparer.Ordinal);

        private PrivateLoadContext(object context, MethodInfo loadFromAssemblyPath)
        {
            _context = context;
            _loadFromAssemblyPath = loadFromAssemblyPath;
        }

        /// <summary>A new context named <paramref name="name"/>, or null where the runtime has none (.NET Framework).</summary>
        public static PrivateLoadContext? TryCreate(string name)
        {
            var type = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext");
            var constructor = type?.GetConstructor(new[] { typeof(string), typeof(bool) });
            var load = type?.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) });
            if (constructor == null || load == null) return null;
            return new PrivateLoadContext(constructor.Invoke(new object[] { name, false }), load);
        }

        public Assembly Load(string path)
        {
            lock (_loaded)
            {
                if (!_loaded.TryGetValue(path, out var assembly))
                {
                    assembly = (Assembly)_loadFromAssemblyPath.Invoke(_context, new object[] { path })!;
                    _loaded.Add(path, assembly);
                }
                return assembly;
            }
        }
    }
}
