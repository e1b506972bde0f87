// The one version migrate writes, and the schema id an editor comment should point at.
export const TARGET_VERSION = '1.0.0-beta5';
export const TARGET_SCHEMA_ID = 'https://ikanos.io/schemas/v1.0.0-beta5/ikanos.json';
/** `naftiko:` versions whose shape migrate knows (alpha3 under `naftiko` is alpha2 with a new const). */
export const NAFTIKO_SOURCES: readonly string[] = ['1.0.0-alpha1', '1.0.0-alpha2', '1.0.0-alpha3'];
/** `ikanos:` versions: the keyed-map shape, possibly with leftovers of the old spelling (alpha3). */
export const IKANOS_SOURCES: readonly string[] = ['1.0.0-alpha3', '1.0.0-alpha4', '1.0.0-beta1', '1.0.0-beta2', '1.0.0-beta3', '1.0.0-beta4', '1.0.0-beta5'];
