"""YAML is read only through PyYAML's safe loader (the C one where PyYAML was built with
it): it builds plain values and never runs code or constructs arbitrary objects."""

from __future__ import annotations

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
