// Lambda entry for the public catalog routes.
import { dynamoCatalogRepository } from '../../shared/catalog/repository.ts';
import { envOf } from '../../shared/dynamo.ts';
import { httpHandler } from '../../shared/http.ts';
import { catalogRoutes } from './routes.ts';

export const handler = httpHandler(
  catalogRoutes(dynamoCatalogRepository(envOf('CATALOG_TABLE')), envOf('DEFAULT_DIVISION_CODE')),
);
