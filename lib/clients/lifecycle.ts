/* A client's commands after creation, one module per concern; server actions and tests import them from here. */
export { transitionInput, changeClientStatus } from './transitions';
export { updateClientDescription } from './description';
export { rotateInput, rotateApiKey } from './key-rotation';
export { createClientVersion } from './new-version';
export { deleteClientInput, deleteClient } from './delete';
