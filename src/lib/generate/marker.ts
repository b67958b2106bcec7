/** A folder holding this file is a generated corpus: its reports and agencies are fictional. */
export const GENERATED_MARKER_FILE = 'nianbao-generated.json';
