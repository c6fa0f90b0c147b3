// Vite bundles CSS imported for its side effect (main.ts).
declare module '*.css'
