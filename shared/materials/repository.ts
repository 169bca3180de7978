// Material records beside the cases that cite them; the files themselves are in object storage.
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, withoutKeys } from '../dynamo.ts';
import type { Material } from './materials.ts';

export interface MaterialRepository {
  put(material: Material): Promise<void>;
  get(id: string): Promise<Material | undefined>;
}

const materialKey = (id: string) => ({ pk: `MATERIAL#${id}`, sk: 'MATERIAL' });

export function dynamoMaterialRepository(tableName: string): MaterialRepository {
  return {
    async put(material) {
      await documentClient.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...materialKey(material.id), ...material },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },
    async get(id) {
      const result = await documentClient.send(
        new GetCommand({ TableName: tableName, Key: materialKey(id) }),
      );
      return result.Item ? withoutKeys<Material>(result.Item) : undefined;
    },
  };
}
