// Builds the browser bundles. Each package that ships to a browser adds
// its own entry file to the list below.
const configs = [];

export default configs;
