// The Node builtin by the CommonJS path: see ../lambdaBundle.ts.
module.exports = process.getBuiltinModule('node:process');
