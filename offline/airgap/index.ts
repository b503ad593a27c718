export { interfacesUp, assertAirGapped } from './interfaces.ts';
