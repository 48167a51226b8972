<#
.SYNOPSIS
    Builds, tests and packages the VectorReindex module.
.DESCRIPTION
    Build   : dotnet build of the solution.
    Test    : dotnet test of the solution (the same command CI runs), then the Pester suite in
              tests/Pester when Pester 5 is installed, then PSScriptAnalyzer when it is installed.
    Package : a Release build that lays out the importable module folder
              out/VectorReindex/<version>/ (manifest, format file, assemblies, dependencies/, en-US help).
    Demo    : the zero-downtime demo (examples/VectorReindex.Demo), the README's main command.
.EXAMPLE
    ./build.ps1 -Task Test
.EXAMPLE
    ./build.ps1 -Task Package -Configuration Release
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
            if (Get-Module -ListAvailable -Name Pester | Where-Object Version -ge '5.0') {
                $result = Invoke-Pester -Path tests/Pester -PassThru -Output Detailed
                if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) Pester test(s) failed." }
            }
            else {
                Write-Warning 'Pester 5 is not installed: skipping tests/Pester (Install-Module Pester -MinimumVersion 5.0).'
            }
            if (Get-Module -ListAvailable -Name PSScriptAnalyzer) {
                $findings = Invoke-ScriptAnalyzer -Path . -Recurse -Settings ./PSScriptAnalyzerSettings.psd1
                $findings | Format-Table -AutoSize
                if ($findings | Where-Object Severity -eq 'Error') { throw 'PSScriptAnalyzer reported errors.' }
            }
        }
        'Package' {
            Invoke-Dotnet build src/VectorReindex.PowerShell -c Release
            $version = ([xml](Get-Content -Raw Directory.Build.props)).Project.PropertyGroup.VectorReindexVersion | Where-Object { $_ } | Select-Object -First 1
            $folder = Join-Path $PSScriptRoot "out/VectorReindex/$version"
            Test-ModuleManifest -Path (Join-Path $folder 'VectorReindex.psd1') | Out-Null
            Write-Host "Module ready: $folder  (Import-Module $folder/VectorReindex.psd1)"
        }
        'Demo' {
            Invoke-Dotnet run --project examples/VectorReindex.Demo -c Release
        }
    }
}
