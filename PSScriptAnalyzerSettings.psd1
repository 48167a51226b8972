@{
    # Rules for the PowerShell the project ships or documents: build.ps1, examples/, tests/Pester.
    Severity     = @('Error', 'Warning')
    IncludeDefaultRules = $true
    ExcludeRules = @(
        # Demo and build scripts talk to the operator on the host on purpose.
        'PSAvoidUsingWriteHost'
    )
    Rules        = @{
        PSUseCompatibleSyntax = @{
            Enable         = $true
            TargetVersions = @('5.1', '7.4')
        }
        PSPlaceOpenBrace      = @{ Enable = $true; OnSameLine = $true }
        PSUseConsistentIndentation = @{ Enable = $true; IndentationSize = 4 }
    }
}
