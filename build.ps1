<#
.SYNOPSIS
    Builds, tests and packages the VectorReindex module.
.DESCRIPTION
    Build   : dotnet build of the solution.
    Test    : dotnet test of the solution, the same command CI runs: every xunit suite and the Pester
              suite in the repository's pwsh 7.6.9 with Pester 5.7.1 (tests/VectorReindex.Pester.Tests),
              then PSScriptAnalyzer when it is installed.
    Package : a Release build that lays out the importable module folder
              out/Release/VectorReindex/<version>/ (manifest, format file, assemblies, dependencies/,
              en-US help) and makes its nupkg out/Release/VectorReindex.<version>.nupkg for PSResourceGet.
    Demo    : the zero-downtime demo (examples/VectorReindex.Demo), the README's main command.
.EXAMPLE
    ./build.ps1 -Task Test
.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Debug'
)

$ErrorActionPreference = 'Stop'
Set-Location -LiteralPath $PSScriptRoot

function Invoke-Dotnet {
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

foreach ($t in $Task) {
    switch ($t) {
        'Build' {
            Invoke-Dotnet build VectorReindex.sln -c $Configuration
        }
        'Test' {
            Invoke-Dotnet test VectorReindex.sln -c $Configuration
            if (Get-Module -ListAvailable -Name PSScriptAnalyzer) {
                $findings = Invoke-ScriptAnalyzer -Path . -Recurse -Settings ./PSScriptAnalyzerSettings.psd1
                $findings | Format-Table -AutoSize
                if ($findings | Where-Object Severity -eq 'Error') { throw 'PSScriptAnalyzer reported errors.' }
            }
        }
        'Package' {
            # Always Release: the published package is never a Debug build (Debug lays out out/Debug/).
            Invoke-Dotnet build src/VectorReindex.PowerShell -c Release
            $version = ([xml](Get-Content -Raw Directory.Build.props)).Project.PropertyGroup.VectorReindexVersion | Where-Object { $_ } | Select-Object -First 1
            $folder = Join-Path $PSScriptRoot "out/Release/VectorReindex/$version"
            $nupkg = & (Join-Path $PSScriptRoot 'build/New-ModulePackage.ps1') -ModuleFolder $folder -DestinationPath (Join-Path $PSScriptRoot 'out/Release')
            Write-Host "Module ready: $folder  (Import-Module $folder/VectorReindex.psd1)"
            Write-Host "Package ready: $($nupkg.FullName)  (Publish-PSResource -NupkgPath ... -Repository <name>)"
        }
        'Demo' {
            Invoke-Dotnet run --project examples/VectorReindex.Demo -c Release
        }
    }
}
