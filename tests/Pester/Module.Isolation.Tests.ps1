#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The module's dependencies load into its own AssemblyLoadContext: another module's copy of an
# assembly the module ships, of another version, loaded first, neither breaks it nor is used by it.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:node = Start-LocalNode
    New-TestVectorIndex -Uri $script:node.Uri -Alias iso
}

AfterAll {
    Stop-LocalNode $script:node
}

Describe 'VectorReindex next to another module' {
    It 'imports and runs after a module that loaded its own System.Text.Json and Microsoft.Extensions.Logging.Abstractions' {
        $other = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'OtherModule')
        # The xunit runner names the copies its project downloaded; by hand, the same versions from the NuGet cache.
        $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
        $json = if ($env:VECTORREINDEX_OTHER_JSON) { $env:VECTORREINDEX_OTHER_JSON } else { Join-Path $packages 'system.text.json/8.0.5/lib/net8.0/System.Text.Json.dll' }
        $logging = if ($env:VECTORREINDEX_OTHER_LOGGING) { $env:VECTORREINDEX_OTHER_LOGGING } else { Join-Path $packages 'microsoft.extensions.logging.abstractions/8.0.3/lib/net8.0/Microsoft.Extensions.Logging.Abstractions.dll' }
        foreach ($dll in $json, $logging) {
            $dll | Should -Exist -Because 'tests/VectorReindex.Pester.Tests downloads both (dotnet restore)'
            Copy-Item -LiteralPath $dll -Destination $other
        }
        # Loads its copies into the default context the way a module with a plain LoadFrom resolver does.
        Set-Content -LiteralPath (Join-Path $other 'OtherModule.psm1') -Value @'
$script:loaded = foreach ($name in 'System.Text.Json', 'Microsoft.Extensions.Logging.Abstractions') {
    [System.Reflection.Assembly]::LoadFrom((Join-Path $PSScriptRoot "$name.dll"))
}
function Get-OtherAssembly { $script:loaded | ForEach-Object { "$($_.GetName().Name) $($_.GetName().Version)" } }
'@
        $run = Invoke-FreshPwsh -Environment @{ OTHER = $other.FullName; MANIFEST = (Get-PackagedManifest); NODE = $script:node.Uri } -Command @'
$ErrorActionPreference = 'Stop'
Import-Module $env:OTHER
Get-OtherAssembly | ForEach-Object { "other: $_" }
Import-Module $env:MANIFEST
Connect-VectorCluster -Uri $env:NODE | Out-Null
$m = New-ShadowIndex -Alias iso -IndexOptions @{ type = 'int8_hnsw' } -Verbose 4>$null
"target: $($m.Target)"
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -in 'System.Text.Json', 'Microsoft.Extensions.Logging.Abstractions' } | ForEach-Object {
    "loaded: $($_.GetName().Name) $($_.GetName().Version) in $([System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name)"
}
'@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $lines = $run.Output -split "`r?`n"
        # pwsh 7.6 loads the shared framework's System.Text.Json 10 at startup: an older copy cannot displace it.
        $lines | Should -Contain 'other: System.Text.Json 10.0.0.0'
        $lines | Should -Contain 'other: Microsoft.Extensions.Logging.Abstractions 8.0.0.0'
        $lines | Should -Contain 'target: iso-v2'
        $lines | Should -Contain 'loaded: Microsoft.Extensions.Logging.Abstractions 8.0.0.0 in Default' -Because 'the other module keeps its copy'
        $lines | Should -Contain 'loaded: Microsoft.Extensions.Logging.Abstractions 10.0.0.0 in VectorReindex' -Because 'the module gets its own'
        (Invoke-RestMethod "$($script:node.Uri)iso-v2").'iso-v2'.mappings.properties.embedding.index_options.type | Should -Be 'int8_hnsw'
    }

    It 'keeps the dependencies it shares with no one out of the default context' {
        $run = Invoke-FreshPwsh -Environment @{ MANIFEST = (Get-PackagedManifest) } -Command @'
Import-Module $env:MANIFEST
'red shoe' | Test-VectorEmbedder (New-VectorEmbedder -Hashing -Dimensions 8) | Out-Null
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -like 'Microsoft.Extensions.*' } | ForEach-Object {
    "$($_.GetName().Name) in $([System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name)"
}
'@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $lines = $run.Output -split "`r?`n" | Where-Object { $_ -like 'Microsoft.Extensions.*' }
        $lines | Should -Contain 'Microsoft.Extensions.AI.Abstractions in VectorReindex'
        $lines | Where-Object { $_ -notlike '* in VectorReindex' } | Should -BeNullOrEmpty
    }

    It 'runs the OpenAI client and its System.ClientModel from its own context' {
        $run = Invoke-FreshPwsh -Environment @{ MANIFEST = (Get-PackagedManifest) } -Command @'
Import-Module $env:MANIFEST
$embedder = New-VectorEmbedder -OpenAI -Endpoint 'http://127.0.0.1:9/v1' -Model 'm' -MaxRetries 0
'red shoe' | Test-VectorEmbedder $embedder -ErrorVariable failed -ErrorAction SilentlyContinue | Out-Null
"error: $($failed[0].FullyQualifiedErrorId)"
"message: $($failed[0].Exception.Message)"
[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -in 'OpenAI', 'System.ClientModel' } | ForEach-Object {
    "$($_.GetName().Name) in $([System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name)"
}
'@
        $run.ExitCode | Should -Be 0 -Because $run.Output
        $lines = $run.Output -split "`r?`n"
        $lines | Should -Contain 'error: EmbedderFailed,VectorReindex.PowerShell.Commands.TestVectorEmbedderCommand'
        ($lines | Where-Object { $_ -like 'message: *' }) | Should -Match 'Could not reach the embeddings endpoint http://127\.0\.0\.1:9/v1'
        $lines | Should -Contain 'OpenAI in VectorReindex'
        $lines | Should -Contain 'System.ClientModel in VectorReindex'
    }
}
