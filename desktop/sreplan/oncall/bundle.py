"""On-call in a bundle: the rotations (people, layers, overrides) and imported schedules."""

from sreplan.kernel.bundle import BundlePart, TableFile

PART = BundlePart(
    files=(
        TableFile(
            "oncall/rotations.yaml",
            (
                "oncall_rotations",
                "oncall_people",
                "oncall_layers",
                "oncall_layer_members",
                "oncall_sun_sites",
                "oncall_overrides",
                "oncall_frozen_shifts",
            ),
        ),
        TableFile("oncall/imports.yaml", ("oncall_imports", "oncall_imported_shifts")),
    ),
)
